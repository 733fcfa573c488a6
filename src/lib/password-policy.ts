/**
 * Password policy: 10–128 characters, not a common or easily guessed password
 * (zxcvbn-ts with its common-password and keyboard-pattern dictionaries), and
 * not containing the email's local part or the user's names.
 *
 * zxcvbn's dictionaries are a few hundred KB, so they load on first use
 * from their own module (src/lazy-modules.ts) instead of on every Worker start.
 */
import type { FieldError } from "../http/problem";
import { loadZxcvbn } from "../lazy-modules";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
const MIN_SCORE = 3;

type Checker = (password: string, inputs: string[]) => { score: number; warning: string | null };
let checker: Promise<Checker> | undefined;

function loadChecker(): Promise<Checker> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common] = await loadZxcvbn();
    const zxcvbn = new ZxcvbnFactory({
      dictionary: { ...common.dictionary },
      graphs: common.adjacencyGraphs,
    });
    return (password, inputs) => {
      const r = zxcvbn.check(password, inputs);
      return { score: r.score, warning: r.feedback.warning };
    };
  })();
  return checker;
}

/** Returns the reasons a password is refused (empty when acceptable). */
export async function checkPassword(
  password: string,
  context: { email?: string; firstName?: string; lastName?: string; username?: string },
): Promise<string[]> {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN) problems.push(`Must be at least ${PASSWORD_MIN} characters.`);
  if (password.length > PASSWORD_MAX) problems.push(`Must be at most ${PASSWORD_MAX} characters.`);
  if (problems.length) return problems;

  const lower = password.toLowerCase();
  const local = context.email?.split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 3 && lower.includes(local)) problems.push("Must not contain your email address.");

  const inputs = [local, context.firstName, context.lastName, context.username].filter(
    (v): v is string => typeof v === "string" && v.length > 0,
  );
  const { score, warning } = (await loadChecker())(password, inputs);
  if (score < MIN_SCORE) {
    problems.push(warning ? `Too easy to guess: ${warning}` : "Too easy to guess: add more words or characters.");
  }
  return problems;
}

/** The policy result as `errors[]` entries for the given field path. */
export async function passwordErrors(
  path: string,
  password: string,
  context: Parameters<typeof checkPassword>[1],
): Promise<FieldError[]> {
  return (await checkPassword(password, context)).map((message) => ({ path, message }));
}
