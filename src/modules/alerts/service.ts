/**
 * Job alert CRUD. Only seekers own alerts (routes check the role); every read
 * and write is scoped to the caller, so another user's alert is simply "not
 * found". The 20-per-user cap is enforced by the INSERT itself.
 */
import { and, asc, eq, or, sql } from "drizzle-orm";
import { nextVersion, preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import { ApiError, badRequest, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { type AlertQuery, categories, type JobAlertRow, jobAlerts } from "../../platform/db/schema";
import { searchJobs } from "../search";
import { initialPeriod } from "./periods";
import { jobTypeMask, normalizeQuery, toSearchInput } from "./query";
import type { CreateAlertInput, UpdateAlertInput } from "./schemas";

export const MAX_ALERTS_PER_USER = 20;

/** Resolves the query's category (id or slug) once, for the instant prefilter; unknown → 400. */
async function resolveCategory(db: Db, category: string | undefined): Promise<string | null> {
  if (category === undefined) return null;
  const row = await db
    .select({ id: categories.id })
    .from(categories)
    .where(or(eq(categories.id, category), eq(categories.slug, category)))
    .get();
  if (!row) throw badRequest("Unknown category.", [{ path: "query.category", message: "no such category" }]);
  return row.id;
}

/** The plain columns derived from the query (prefilter for instant matching). */
async function derived(db: Db, query: AlertQuery) {
  return {
    categoryId: await resolveCategory(db, query.category),
    remote: query.remote ?? null,
    jobTypeMask: jobTypeMask(query.job_type),
    salaryMin: query.salary_min ?? null,
  };
}

export async function listAlerts(db: Db, userId: string): Promise<JobAlertRow[]> {
  return db
    .select()
    .from(jobAlerts)
    .where(eq(jobAlerts.userId, userId))
    .orderBy(asc(jobAlerts.createdAt), asc(jobAlerts.id))
    .limit(MAX_ALERTS_PER_USER + 5);
}

export async function getAlert(db: Db, userId: string, id: string): Promise<JobAlertRow> {
  const row = await db
    .select()
    .from(jobAlerts)
    .where(and(eq(jobAlerts.id, id), eq(jobAlerts.userId, userId)))
    .get();
  if (!row) throw notFound("Alert");
  return row;
}

export async function createAlert(db: Db, userId: string, input: CreateAlertInput, now = Date.now()) {
  const query = normalizeQuery(input.query);
  const row: JobAlertRow = {
    id: newId(now),
    userId,
    name: input.name,
    query,
    frequency: input.frequency,
    channels: [...input.channels],
    active: true,
    pausedReason: null,
    ...(await derived(db, query)),
    lastPeriod: initialPeriod(input.frequency, now),
    // Digests start with jobs published after the alert was created.
    lastRunAt: now,
    lastSentAt: null,
    createdAt: now,
    updatedAt: now,
  };
  // One statement: the row goes in only while the user has fewer than the cap,
  // so two concurrent creates cannot both slip past a separate count.
  const inserted = await db.all<{ id: string }>(sql`
    INSERT INTO job_alerts (id, user_id, name, query, frequency, channels, active, paused_reason, category_id,
      remote, job_type_mask, salary_min, last_period, last_run_at, last_sent_at, created_at, updated_at)
    SELECT ${row.id}, ${userId}, ${row.name}, ${JSON.stringify(query)}, ${row.frequency}, ${JSON.stringify(row.channels)},
      1, NULL, ${row.categoryId}, ${row.remote === null ? null : row.remote ? 1 : 0}, ${row.jobTypeMask},
      ${row.salaryMin}, ${row.lastPeriod}, ${now}, NULL, ${now}, ${now}
    WHERE (SELECT count(*) FROM job_alerts WHERE user_id = ${userId}) < ${MAX_ALERTS_PER_USER}
    RETURNING id`);
  if (inserted.length !== 1) {
    throw new ApiError(
      409,
      "alert-limit-reached",
      `You already have ${MAX_ALERTS_PER_USER} alerts; delete one to create another.`,
    );
  }
  return row;
}

export async function updateAlert(
  db: Db,
  userId: string,
  id: string,
  input: UpdateAlertInput,
  options: { ifMatch?: number[] | undefined } = {},
  now = Date.now(),
) {
  const current = await getAlert(db, userId, id);
  const { ifMatch } = options;
  requireVersion(ifMatch, current.updatedAt);
  const set: Partial<JobAlertRow> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.channels !== undefined) set.channels = [...input.channels];
  if (input.query !== undefined) {
    set.query = normalizeQuery(input.query);
    Object.assign(set, await derived(db, set.query));
  }
  if (input.frequency !== undefined && input.frequency !== current.frequency) {
    set.frequency = input.frequency;
    // The first digest of the new frequency comes with its next period; leaving
    // instant delivery, everything up to now was already sent one by one.
    set.lastPeriod = initialPeriod(input.frequency, now);
    if (current.frequency === "instant") set.lastRunAt = now;
  }
  if (input.active !== undefined && input.active !== current.active) {
    set.active = input.active;
    set.pausedReason = input.active ? null : "user";
    // Resuming does not deliver everything published while the alert was paused.
    if (input.active) {
      set.lastRunAt = now;
      set.lastPeriod = initialPeriod(set.frequency ?? current.frequency, now);
    }
  }
  const [row] = await db
    .update(jobAlerts)
    .set({ ...set, updatedAt: nextVersion(jobAlerts.updatedAt, now) })
    .where(and(eq(jobAlerts.id, id), eq(jobAlerts.userId, userId), versionIn(jobAlerts.updatedAt, ifMatch)))
    .returning();
  if (!row) throw ifMatch ? preconditionFailed() : notFound("Alert");
  return row;
}

export async function deleteAlert(db: Db, userId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(jobAlerts)
    .where(and(eq(jobAlerts.id, id), eq(jobAlerts.userId, userId)))
    .returning({ id: jobAlerts.id });
  if (deleted.length === 0) throw notFound("Alert");
}

/** `GET /alerts/{id}/preview`: literally `GET /jobs` with the alert's filters. */
export async function previewAlert(
  env: Pick<Env, "PUBLIC_APP_URL">,
  db: Db,
  userId: string,
  id: string,
  paging: { limit?: number; cursor?: string },
) {
  const alert = await getAlert(db, userId, id);
  const extra: Record<string, string> = {};
  if (paging.limit !== undefined) extra.limit = String(paging.limit);
  if (paging.cursor !== undefined) extra.cursor = paging.cursor;
  // The preview is what the alert would deliver: no pinned featured jobs.
  return searchJobs(env, db.$client, toSearchInput(alert.query, extra), Date.now(), { pin: false });
}

/** Any user's alert by id (for its unsubscribe link, whose token is the credential); null when deleted. */
export async function findAlert(db: Db, id: string): Promise<JobAlertRow | null> {
  return (await db.select().from(jobAlerts).where(eq(jobAlerts.id, id)).get()) ?? null;
}

/** Unsubscribe by token: deactivates the alert (idempotent). */
export async function unsubscribeAlert(db: Db, id: string, now = Date.now()) {
  const alert = await db.select().from(jobAlerts).where(eq(jobAlerts.id, id)).get();
  if (!alert) return { alert: null, already: true };
  const changed = await db
    .update(jobAlerts)
    .set({ active: false, pausedReason: "unsubscribed", updatedAt: now })
    .where(and(eq(jobAlerts.id, id), eq(jobAlerts.active, true)))
    .returning({ id: jobAlerts.id });
  return { alert, already: changed.length === 0 };
}
