/**
 * `GET /jobs/{id}`: the public view is cached (versioned KV key), members and
 * admins always read fresh data, and signed-in seekers get `has_applied` and
 * `is_saved` added on top of the shared body (never cached).
 */

import { notFound } from "../../http/problem";
import { cacheVersion, kvCache } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import type { AuthContext } from "../../platform/env";
import { jobPostingJsonLd } from "./json-ld";
import { type JobDto, presentJob } from "./presenters";
import { canManage, isPublic, loadRecordByIdOrSlug } from "./service";

export interface DetailResult {
  job: JobDto;
  /** Whether the body is the same for every caller (may go to shared caches). */
  shared: boolean;
  member: boolean;
  cacheHit: boolean;
  /** `job` as cached JSON text, when the body is exactly the cached one (anonymous callers). */
  text?: string;
}

/** Anonymous job detail responses. */
const detailCache = kvCache<JobDto>()("jobs.detail");

export async function jobDetail(
  env: Pick<Env, "CACHE" | "PUBLIC_APP_URL">,
  db: Db,
  auth: AuthContext | undefined,
  id: string,
  now = Date.now(),
): Promise<DetailResult> {
  if (auth && (auth.role === "employer" || auth.role === "admin")) {
    const rec = await loadRecordByIdOrSlug(db, id);
    if (!rec) throw notFound("Job");
    const member = await canManage(db, auth, rec.job.companyId);
    if (!member && !isPublic(rec.job, now)) throw notFound("Job");
    const job: JobDto = { ...presentJob(env, rec, { member }), json_ld: jobPostingJsonLd(env, rec) };
    return { job, shared: false, member, cacheHit: false };
  }

  const { value, hit, text } = await detailCache.readThrough(
    env,
    { version: await cacheVersion(db.$client), id },
    async () => {
      const rec = await loadRecordByIdOrSlug(db, id);
      if (!rec || !isPublic(rec.job, now)) throw notFound("Job");
      return { ...presentJob(env, rec), json_ld: jobPostingJsonLd(env, rec) };
    },
  );
  // A cached copy may outlive the job's expiry by up to its TTL.
  if (value.status !== "published" || (value.expires_at && Date.parse(value.expires_at) <= now)) {
    throw notFound("Job");
  }
  if (auth?.role === "seeker") {
    const d1 = db.$client;
    const [applied, saved] = await d1.batch([
      d1
        .prepare("SELECT 1 AS x FROM applications WHERE job_id = ? AND applicant_id = ? LIMIT 1")
        .bind(value.id, auth.userId),
      d1.prepare("SELECT 1 AS x FROM saved_jobs WHERE user_id = ? AND job_id = ? LIMIT 1").bind(auth.userId, value.id),
    ]);
    const job: JobDto = {
      ...value,
      has_applied: (applied?.results.length ?? 0) > 0,
      is_saved: (saved?.results.length ?? 0) > 0,
    };
    return { job, shared: false, member: false, cacheHit: hit };
  }
  return { job: value, shared: !auth, member: false, cacheHit: hit, text: auth ? undefined : text };
}
