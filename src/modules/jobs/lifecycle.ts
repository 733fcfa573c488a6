/**
 * The status machine: draft → pending_review → published → closed | expired → archived.
 * Every transition is a conditional UPDATE on the expected status; zero affected
 * rows means someone else moved the job first (409). `companies.open_jobs_count`,
 * the search index and cache versions follow through triggers in the same statement.
 */

import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { ApiError, badRequest, conflict, notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { type JobRow, type JobStatus, jobs } from "../../platform/db/schema";
import type { AuthContext, PostingGate } from "../../platform/env";
import { toQueueMessages } from "../../platform/queue/enqueue";
import type { NewMessage } from "../../platform/queue/messages";
import { flushOutbox, OUTBOX_GRACE_MS, outboxInsertIf, outboxInsertSelect } from "../../platform/queue/outbox";
import { auditInsert } from "../audit";
import { refreshOpenJobsCount } from "../companies";
import { fileReport } from "../moderation";
import { jobPublishedMessages } from "./events";
import { hasPublishableLocation, locationRequired } from "./json-ld";
import { DEFAULT_EXPIRY_MS, isPublic, loadRecord, requireManagedJob, requireVerifiedPoster } from "./service";

const illegal = (from: JobStatus, action: string) =>
  conflict("invalid-transition", `A job in status "${from}" cannot be ${action}.`);

/** The columns that make a job live now, or schedule it when `publish_at` is in the future. */
function goLive(job: JobRow, now: number): Partial<JobRow> {
  if (job.publishAt !== null && job.publishAt > now) {
    return { status: "draft", approvedAt: now, moderationNote: null, updatedAt: now };
  }
  return {
    status: "published",
    approvedAt: now,
    publishedAt: now,
    expiresAt: job.expiresAt ?? now + DEFAULT_EXPIRY_MS,
    moderationNote: null,
    updatedAt: now,
  };
}

function checkPublishable(job: JobRow, now: number): void {
  if (!hasPublishableLocation(job)) throw locationRequired();
  checkDates(job, now);
}

function checkDates(job: JobRow, now: number): void {
  if (job.expiresAt !== null && job.expiresAt <= Math.max(now, job.publishAt ?? 0)) {
    throw badRequest("The job would already be expired.", [{ path: "expires_at", message: "in the past" }]);
  }
  if (job.applicationDeadline !== null && job.applicationDeadline <= now) {
    throw badRequest("The application deadline has passed.", [
      { path: "application_deadline", message: "in the past" },
    ]);
  }
}

async function transition(
  db: Db,
  id: string,
  from: JobStatus,
  set: Partial<JobRow>,
  extra: Parameters<Db["batch"]>[0][number][] = [],
  announce?: { env: Pick<Env, "EVENTS">; messages: NewMessage[] },
): Promise<void> {
  const now = Date.now();
  const built = toQueueMessages(announce?.messages ?? [], now);
  // The announcements go first, guarded by the UPDATE's own condition: a lost race writes none.
  const stillFrom = sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobs.id} = ${id} AND ${jobs.status} = ${from})`;
  const out = built.map((m) => outboxInsertIf(db, m, now, stillFrom));
  // RETURNING, not meta.changes: D1 counts rows changed by triggers and cascades too.
  const results = await db.batch([
    ...out,
    db
      .update(jobs)
      .set(set)
      .where(and(eq(jobs.id, id), eq(jobs.status, from)))
      .returning({ id: jobs.id }),
    ...extra,
  ] as unknown as Parameters<Db["batch"]>[0]);
  if ((results[out.length] as unknown[]).length !== 1) {
    throw conflict("concurrent-update", "The job changed meanwhile; reload and retry.");
  }
  if (announce) await flushOutbox(announce.env, db, { statements: [], messages: built });
}

/**
 * `POST /jobs/{id}/publish`: a verified company's job goes live (or is scheduled);
 * an unverified company's job waits in the moderation queue.
 */
export async function publishJob(
  db: Db,
  env: Env,
  auth: AuthContext,
  id: string,
  now = Date.now(),
  gate?: PostingGate,
) {
  requireVerifiedPoster(auth);
  const rec = await requireManagedJob(db, auth, id);
  const job = rec.job;
  if (job.status !== "draft") throw illegal(job.status, "published");
  if (job.approvedAt !== null && job.publishAt !== null && job.publishAt > now) {
    throw conflict("invalid-transition", "The job is already scheduled for publication.");
  }
  checkPublishable(job, now);
  const set = rec.company.isVerified
    ? goLive(job, now)
    : { status: "pending_review" as const, moderationNote: null, updatedAt: now };
  const messages = set.status === "published" ? jobPublishedMessages([id]) : [];
  // The payment (billing's posting gate) commits with the transition; it is guarded by the
  // job's `updated_at = now`, so a lost race pays nothing.
  const payment = gate ? await gate(db, env, { id, companyId: job.companyId }, now) : [];
  await transition(db, id, "draft", set, payment, { env, messages });
  return (await loadRecord(db, id)) ?? rec;
}

/** `POST /jobs/{id}/close`; the `job.closed` announcement (webhooks) commits with the change. */
export async function closeJob(db: Db, env: Pick<Env, "EVENTS">, auth: AuthContext, id: string, now = Date.now()) {
  requireVerifiedPoster(auth);
  const rec = await requireManagedJob(db, auth, id);
  if (rec.job.status !== "published") throw illegal(rec.job.status, "closed");
  await transition(db, id, "published", { status: "closed", closedAt: now, updatedAt: now }, [], {
    env,
    messages: [{ type: "job.closed", job_id: id, reason: "closed" }],
  });
  return (await loadRecord(db, id)) ?? rec;
}

/**
 * Admin approval: live now (announced to instant alerts) or at its `publish_at`;
 * the employer's `job.moderated` notice commits with the change.
 */
export async function approveJob(db: Db, env: Pick<Env, "EVENTS">, admin: AuthContext, id: string, now = Date.now()) {
  const rec = await loadRecord(db, id);
  if (!rec) throw notFound("Job");
  if (rec.job.status !== "pending_review") throw illegal(rec.job.status, "approved");
  if (!hasPublishableLocation(rec.job)) throw locationRequired();
  const set = goLive(rec.job, now);
  const messages: NewMessage[] = [moderated(id, "approved", null)];
  if (set.status === "published") messages.push(...jobPublishedMessages([id]));
  await transition(
    db,
    id,
    "pending_review",
    set,
    [auditInsert(db, { actor: admin, action: "job.approve", targetType: "job", targetId: id }, now)],
    { env, messages },
  );
  return (await loadRecord(db, id)) ?? rec;
}

export async function rejectJob(
  db: Db,
  env: Pick<Env, "EVENTS">,
  admin: AuthContext,
  id: string,
  reason: string,
  now = Date.now(),
) {
  const rec = await loadRecord(db, id);
  if (!rec) throw notFound("Job");
  if (rec.job.status !== "pending_review") throw illegal(rec.job.status, "rejected");
  await transition(
    db,
    id,
    "pending_review",
    { status: "draft", moderationNote: reason, updatedAt: now },
    [auditInsert(db, { actor: admin, action: "job.reject", targetType: "job", targetId: id, data: { reason } }, now)],
    { env, messages: [moderated(id, "rejected", reason)] },
  );
  return (await loadRecord(db, id)) ?? rec;
}

/** Tells the employer about a moderation decision (queue → notification; the handler dedupes on the message id). */
const moderated = (jobId: string, decision: "approved" | "rejected", reason: string | null): NewMessage => ({
  type: "job.moderated",
  job_id: jobId,
  decision,
  reason,
});

/** `POST /jobs/{id}/report`: one report per user per job; repeats are no-ops. */
export async function reportJob(db: Db, auth: AuthContext, id: string, reason: string, now = Date.now()) {
  const rec = await loadRecord(db, id);
  if (!rec || !isPublic(rec.job, now)) throw notFound("Job");
  const filed = await fileReport(db, auth.userId, { type: "job", id }, reason, now);
  if (!filed) throw new ApiError(409, "conflict", "The report could not be recorded.");
  return { id: filed.report.id, created: filed.created };
}

// ------------------------------------------------------------------ cron tasks

const BATCH = 500;

/**
 * Publishes approved drafts whose `publish_at` has come, expires jobs past
 * `expires_at`, and closes jobs past their application deadline. Each UPDATE is
 * guarded by the status it moves from, so a rerun of the same tick changes nothing.
 */
export async function runJobSchedules(db: Db, env: Pick<Env, "EVENTS">, now: number) {
  // One ordered subquery for both statements, so the announcements are exactly the jobs published.
  const due = () =>
    db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.status, "draft"),
          sql`${jobs.publishAt} <= ${now}`,
          sql`${jobs.approvedAt} IS NOT NULL`,
          // Same rule as publishJob (location-required); updateJob keeps scheduled jobs from losing it.
          sql`(${jobs.isRemote} = 1 OR ${jobs.city} IS NOT NULL OR ${jobs.region} IS NOT NULL OR ${jobs.country} IS NOT NULL)`,
        ),
      )
      .orderBy(jobs.id)
      .limit(BATCH);
  const toExpire = () =>
    db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, "published"), sql`${jobs.expiresAt} <= ${now}`))
      .orderBy(jobs.id)
      .limit(BATCH);
  const pastDeadline = () =>
    db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, "published"), sql`${jobs.applicationDeadline} <= ${now}`))
      .orderBy(jobs.id)
      .limit(BATCH);
  // Each announcement is inserted right before its UPDATE, from the same subquery, so it names
  // exactly the jobs that UPDATE moves (a job both expired and past its deadline only expires).
  const [, published, , expired, , closed] = await db.batch([
    // The `job.published` outbox rows commit with the publishing (same shape as jobPublishedMessages).
    outboxInsertSelect(
      db,
      sql`SELECT 'job-published:' || d.id,
                   json_object('type', 'job.published', 'job_id', d.id, 'id', 'job-published:' || d.id, 'created_at', ${now}),
                   ${now}, ${now + OUTBOX_GRACE_MS}, 0, NULL, NULL
              FROM (${due()}) d
             WHERE true`, // SQLite needs the WHERE to parse the ON CONFLICT after a SELECT
    ),
    db
      .update(jobs)
      .set({
        status: "published",
        publishedAt: sql`${jobs.publishAt}`,
        expiresAt: sql`coalesce(${jobs.expiresAt}, ${jobs.publishAt} + ${DEFAULT_EXPIRY_MS})`,
        updatedAt: now,
      })
      .where(inArray(jobs.id, due()))
      .returning({ id: jobs.id }),
    outboxInsertSelect(
      db,
      sql`SELECT 'job-expired:' || d.id || ':' || ${now},
                   json_object('type', 'job.expired', 'job_id', d.id, 'id', 'job-expired:' || d.id || ':' || ${now}, 'created_at', ${now}),
                   ${now}, ${now + OUTBOX_GRACE_MS}, 0, NULL, NULL
              FROM (${toExpire()}) d
             WHERE true`,
    ),
    db
      .update(jobs)
      .set({ status: "expired", updatedAt: now })
      .where(inArray(jobs.id, toExpire()))
      .returning({ id: jobs.id }),
    outboxInsertSelect(
      db,
      sql`SELECT 'job-closed:' || d.id || ':' || ${now},
                   json_object('type', 'job.closed', 'job_id', d.id, 'reason', 'deadline', 'id', 'job-closed:' || d.id || ':' || ${now}, 'created_at', ${now}),
                   ${now}, ${now + OUTBOX_GRACE_MS}, 0, NULL, NULL
              FROM (${pastDeadline()}) d
             WHERE true`,
    ),
    db
      .update(jobs)
      .set({ status: "closed", closedAt: now, updatedAt: now })
      .where(inArray(jobs.id, pastDeadline()))
      .returning({ id: jobs.id }),
  ]);
  const publishedIds = published.map((r) => r.id);
  // The fast path; the rows above were built with the same ids and created_at.
  await flushOutbox(env, db, {
    statements: [],
    messages: toQueueMessages(
      [
        ...jobPublishedMessages(publishedIds),
        ...expired.map((r) => ({ type: "job.expired" as const, id: `job-expired:${r.id}:${now}`, job_id: r.id })),
        ...closed.map((r) => ({
          type: "job.closed" as const,
          id: `job-closed:${r.id}:${now}`,
          job_id: r.id,
          reason: "deadline" as const,
        })),
      ],
      now,
    ),
  });
  return { published: published.length, expired: expired.length, closed: closed.length, publishedIds };
}

/**
 * The statements that archive a job an admin upheld a report against (the moderation
 * queue lives in the reviews module; job status changes only happen here). None when
 * the job no longer exists.
 */
export async function archiveReportedJobStatements(db: Db, jobId: string, now: number): Promise<BatchItem<"sqlite">[]> {
  const job = await db.select({ companyId: jobs.companyId }).from(jobs).where(eq(jobs.id, jobId)).get();
  if (!job) return [];
  return [
    db.update(jobs).set({ status: "archived", updatedAt: now }).where(eq(jobs.id, jobId)),
    refreshOpenJobsCount(db, job.companyId),
  ];
}
