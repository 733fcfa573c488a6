/**
 * Writes to the pipeline. D1 has no interactive transactions, so a status
 * change is one batch whose statements are all conditional on the status we
 * read (`WHERE status = ?`): the history row, the interview cancellations and
 * the application update either all happen or none do, and a concurrent
 * change makes the update touch zero rows, which we report as `409`.
 */
import { and, eq, exists, getTableColumns, gt, inArray, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { nextVersion, preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import { ApiError } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  type ActorRole,
  type ApplicationRow,
  type ApplicationStatus,
  applicationNotes,
  applicationStatusHistory,
  applications,
  interviews,
  outbox,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { toQueueMessages } from "../../platform/queue/enqueue";
import type { NewMessage, QueueMessage } from "../../platform/queue/messages";
import { flushOutbox, outboxValues } from "../../platform/queue/outbox";
import { getMembership } from "../companies";
import { canTransition, invalidTransition, isFinal, type PipelineActor, statusConflict } from "./transitions";

export const REJECTION_REASONS = [
  "not_qualified",
  "insufficient_experience",
  "skills_mismatch",
  "salary_expectations",
  "location",
  "position_filled",
  "position_cancelled",
  "better_candidate",
  "failed_interview",
  "no_response",
  "other",
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/**
 * `INSERT ... SELECT <row> WHERE EXISTS (application still has status)`: a
 * batch statement that only writes while the application is where we read it.
 * Values are listed in the table's column order, which is what drizzle's
 * insert-select expects; the row must give every column (null for none).
 */
export function insertWhileStatus<T extends SQLiteTable>(
  db: Db,
  table: T,
  row: Record<keyof T["_"]["columns"], unknown>,
  applicationId: string,
  status: ApplicationStatus,
  version?: number,
) {
  const keys = Object.keys(getTableColumns(table)) as Array<keyof typeof row>;
  const values = sql.join(
    keys.map((k) => sql`${row[k] ?? null}`),
    sql`, `,
  );
  return db
    .insert(table)
    .select(
      sql`SELECT ${values} WHERE EXISTS (SELECT 1 FROM applications WHERE id = ${applicationId} AND status = ${status}${
        version !== undefined ? sql` AND updated_at = ${version}` : sql``
      })`,
    )
    .returning();
}

export interface Actor {
  role: ActorRole;
  id: string | null;
}

export function actorOf(auth: AuthContext, asApplicant = false): Actor {
  if (asApplicant) return { role: "applicant", id: auth.userId };
  return { role: auth.role === "admin" ? "admin" : "company", id: auth.userId };
}

const pipelineActor = (actor: Actor): PipelineActor => (actor.role === "applicant" ? "applicant" : "company");

export interface TransitionInput {
  to: ApplicationStatus;
  actor: Actor;
  reason?: string | null;
  rejectionReason?: RejectionReason | null;
  rejectionNote?: string | null;
  rating?: number | null;
  /** From `If-Match` (already checked against `app.updatedAt`): the write also requires the row unchanged. */
  ifMatch?: number[] | undefined;
}

/** The batch statements of one conditional transition (also used by interview scheduling). */
export function transitionStatements(db: Db, app: ApplicationRow, input: TransitionInput, now: number) {
  const from = app.status;
  // With If-Match, every statement also requires the version we read (checked against If-Match).
  const version = input.ifMatch ? app.updatedAt : undefined;
  const stillFrom = and(
    eq(applications.id, app.id),
    eq(applications.status, from),
    version !== undefined ? eq(applications.updatedAt, version) : undefined,
  );
  const history = insertWhileStatus(
    db,
    applicationStatusHistory,
    {
      id: newId(now),
      applicationId: app.id,
      fromStatus: from,
      toStatus: input.to,
      actorRole: input.actor.role,
      actorId: input.actor.id,
      reason: input.reason ?? input.rejectionReason ?? null,
      createdAt: now,
    },
    app.id,
    from,
    version,
  );
  const update = db
    .update(applications)
    .set({
      status: input.to,
      statusChangedAt: now,
      updatedAt: nextVersion(applications.updatedAt, now),
      ...(input.to === "rejected"
        ? { rejectionReason: input.rejectionReason ?? "other", rejectionNote: input.rejectionNote ?? null }
        : {}),
      ...(input.rating !== undefined ? { rating: input.rating } : {}),
    })
    .where(stillFrom)
    .returning();
  if (!isFinal(input.to)) return { history, cancel: null, update };
  // A closed application has no interviews ahead of it.
  const cancel = db
    .update(interviews)
    .set({
      status: "cancelled",
      sequence: sql`${interviews.sequence} + 1`,
      updatedAt: nextVersion(interviews.updatedAt, now),
    })
    .where(
      and(
        eq(interviews.applicationId, app.id),
        eq(interviews.status, "scheduled"),
        gt(interviews.startsAt, now),
        exists(db.select({ one: sql`1` }).from(applications).where(stillFrom)),
      ),
    );
  return { history, cancel, update };
}

export function statusMessage(app: ApplicationRow, to: ApplicationStatus, actor: Actor): NewMessage {
  if (to === "withdrawn") return { type: "application.withdrawn", application_id: app.id, from_status: app.status };
  return {
    type: "application.status_changed",
    application_id: app.id,
    from_status: app.status,
    to_status: to,
    actor_role: actor.role,
  };
}

/** Moves one application; `409` for an illegal transition or a lost race. */
export async function changeStatus(
  db: Db,
  env: Pick<Env, "EVENTS">,
  app: ApplicationRow,
  input: TransitionInput,
): Promise<ApplicationRow> {
  if (!canTransition(app.status, input.to, pipelineActor(input.actor))) throw invalidTransition(app.status, input.to);
  const now = Date.now();
  const s = transitionStatements(db, app, input, now);
  const [message] = toQueueMessages([statusMessage(app, input.to, input.actor)], now) as [QueueMessage];
  // Inserted only while the status is still the one left, like the history row.
  const queued = insertWhileStatus(
    db,
    outbox,
    outboxValues(message, now),
    app.id,
    app.status,
    input.ifMatch ? app.updatedAt : undefined,
  );
  const results = s.cancel
    ? await db.batch([s.history, queued, s.cancel, s.update])
    : await db.batch([s.history, queued, s.update]);
  const updated = (results[results.length - 1] as ApplicationRow[])[0];
  if (!updated) throw await lostRace(db, app.id, input.ifMatch);
  await flushOutbox(env, db, { statements: [], messages: [message] });
  return updated;
}

/** Why a guarded application write matched no row: `412` when If-Match is now stale, else `409`. */
async function lostRace(db: Db, id: string, ifMatch: number[] | undefined): Promise<ApiError> {
  if (!ifMatch) return statusConflict();
  const now = await db
    .select({ updatedAt: applications.updatedAt })
    .from(applications)
    .where(eq(applications.id, id))
    .get();
  return now && !ifMatch.includes(now.updatedAt) ? preconditionFailed() : statusConflict();
}

export interface PatchInput {
  status?: ApplicationStatus;
  rating?: number | null;
  rejectionReason?: RejectionReason;
  rejectionNote?: string;
  ifMatch?: number[] | undefined;
}

/** `PATCH /applications/{id}` by the company: a status change and/or a rating. */
export async function patchApplication(
  db: Db,
  env: Pick<Env, "EVENTS">,
  app: ApplicationRow,
  actor: Actor,
  input: PatchInput,
): Promise<ApplicationRow> {
  if ((input.rejectionReason || input.rejectionNote) && input.status !== "rejected") {
    throw new ApiError(400, "validation-error", "A rejection reason only goes with status rejected.", {
      errors: [{ path: "rejection_reason", message: "Only allowed when status is rejected." }],
    });
  }
  requireVersion(input.ifMatch, app.updatedAt);
  if (input.status) {
    return changeStatus(db, env, app, {
      ifMatch: input.ifMatch,
      to: input.status,
      actor,
      rejectionReason: input.rejectionReason,
      rejectionNote: input.rejectionNote,
      rating: input.rating,
    });
  }
  if (input.rating === undefined) return app;
  const [updated] = await db
    .update(applications)
    .set({ rating: input.rating, updatedAt: nextVersion(applications.updatedAt, Date.now()) })
    .where(and(eq(applications.id, app.id), versionIn(applications.updatedAt, input.ifMatch)))
    .returning();
  if (!updated) throw await lostRace(db, app.id, input.ifMatch);
  return updated;
}

export type BulkError = "not-found" | "invalid-transition" | "status-conflict";
export type BulkResult =
  | { id: string; ok: true; status: ApplicationStatus }
  | { id: string; ok: false; error: BulkError };

/**
 * Bulk status change. Every id is authorised and transitioned on its own
 * (conditional statements in one round trip), so one bad id never blocks the rest.
 */
export async function bulkChangeStatus(
  db: Db,
  env: Pick<Env, "EVENTS">,
  auth: AuthContext,
  ids: string[],
  input: { to: ApplicationStatus; rejectionReason?: RejectionReason; rejectionNote?: string },
): Promise<BulkResult[]> {
  const actor = actorOf(auth);
  const rows = await db.select().from(applications).where(inArray(applications.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const memberOf = new Set<string>();
  if (auth.role === "employer") {
    for (const companyId of new Set(rows.map((r) => r.companyId))) {
      if (await getMembership(db, companyId, auth.userId)) memberOf.add(companyId);
    }
  }
  const now = Date.now();
  const results = new Map<string, BulkResult>();
  const attempts: Array<{ app: ApplicationRow; index: number; message: QueueMessage }> = [];
  // biome-ignore lint/suspicious/noExplicitAny: heterogeneous batch statements
  const statements: any[] = [];
  for (const id of ids) {
    const app = byId.get(id);
    const visible = app && (auth.role === "admin" || memberOf.has(app.companyId));
    if (!app || !visible) {
      results.set(id, { id, ok: false, error: "not-found" });
      continue;
    }
    if (!canTransition(app.status, input.to, "company")) {
      results.set(id, { id, ok: false, error: "invalid-transition" });
      continue;
    }
    const s = transitionStatements(db, app, { ...input, actor }, now);
    const [message] = toQueueMessages([statusMessage(app, input.to, actor)], now) as [QueueMessage];
    statements.push(s.history, insertWhileStatus(db, outbox, outboxValues(message, now), app.id, app.status));
    if (s.cancel) statements.push(s.cancel);
    statements.push(s.update);
    attempts.push({ app, index: statements.length - 1, message });
  }
  if (statements.length > 0) {
    const out = await db.batch(statements as [never, ...never[]]);
    const messages: QueueMessage[] = [];
    for (const { app, index, message } of attempts) {
      const updated = (out[index] as unknown as ApplicationRow[])[0];
      if (updated) {
        results.set(app.id, { id: app.id, ok: true, status: updated.status });
        messages.push(message);
      } else {
        results.set(app.id, { id: app.id, ok: false, error: "status-conflict" });
      }
    }
    await flushOutbox(env, db, { statements: [], messages });
  }
  return ids.map((id) => results.get(id) as BulkResult);
}

export async function addNote(db: Db, applicationId: string, authorId: string, body: string) {
  const now = Date.now();
  const row = { id: newId(now), applicationId, authorId, body, createdAt: now };
  await db.insert(applicationNotes).values(row);
  return row;
}
