/** Worlds for the messages and ratings tests: an application with its applicant and two company members. */
import { newId } from "../../src/lib/ids";
import { type ApplicationRow, candidateRatings } from "../../src/platform/db/schema";
import { addMember, db, makeApplication, makeCompany, makeJob, type Session, signedIn } from "../factories";
import { api, call } from "./http";
import { multipart } from "./profiles";

export interface Thread {
  seeker: Session;
  owner: Session;
  recruiter: Session;
  company: { id: string; name: string };
  job: { id: string; companyId: string; title: string };
  app: ApplicationRow;
  path: string;
}

/** A seeker's application to a job of a company with an owner and a recruiter (all signed in). */
export async function thread(status: ApplicationRow["status"] = "pending"): Promise<Thread> {
  const seeker = await signedIn({ role: "seeker", firstName: "Ada", lastName: "Lovelace" });
  const owner = await signedIn({ role: "employer", firstName: "Olga", lastName: "Owner" });
  const recruiter = await signedIn({ role: "employer", firstName: "Rita", lastName: "Recruiter" });
  const company = await makeCompany({ verified: true, members: [{ userId: owner.user.id }] });
  await addMember(company.id, recruiter.user.id, "recruiter");
  const job = await makeJob({ companyId: company.id, postedBy: owner.user.id, title: "Edge Engineer" });
  const app = await makeApplication(job, seeker.user.id, { status });
  return { seeker, owner, recruiter, company, job, app, path: `/api/v1/applications/${app.id}/messages` };
}

export async function post(t: Thread, who: Session, body: string) {
  const r = await api.post(t.path, { body }, { token: who.token });
  if (r.status !== 201) throw new Error(`message not posted: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as { id: string; body: string };
}

export async function postFile(
  t: Thread,
  who: Session,
  file: { bytes: Uint8Array; name: string; type?: string },
  fields: Record<string, string> = {},
) {
  const res = await call("POST", `${t.path}/attachments`, { token: who.token, raw: multipart(file, fields) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

/** A published rating of `app` (inserted directly), written by `authorId`. */
export async function makeRating(
  app: Pick<ApplicationRow, "id" | "companyId" | "applicantId">,
  authorId: string | null,
  o: { rating?: number; body?: string; status?: "published" | "hidden" } = {},
) {
  const now = Date.now();
  const row = {
    id: newId(now),
    applicationId: app.id,
    companyId: app.companyId,
    candidateId: app.applicantId,
    authorId,
    rating: o.rating ?? 5,
    body: o.body ?? "Excellent work on the migration.",
    responseBody: null,
    responseAt: null,
    status: o.status ?? ("published" as const),
    hiddenAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(candidateRatings).values(row);
  return row;
}
