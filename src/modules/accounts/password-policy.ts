/** The password policy as the accounts routes apply it (registration, password change, reset). */
import { badRequest } from "../../http/problem";
import { passwordErrors } from "../../lib/password-policy";

/** Refuses a password the policy rejects: `400` with one `errors[]` entry per problem at `path`. */
export async function assertPasswordPolicy(
  path: string,
  password: string,
  person: Parameters<typeof passwordErrors>[2],
): Promise<void> {
  const errors = await passwordErrors(path, password, person);
  if (errors.length) throw badRequest("The password does not meet the policy.", errors);
}
