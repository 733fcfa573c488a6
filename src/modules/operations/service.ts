/**
 * What operators look at when something breaks: the last run of every cron task
 * (`cron_runs`, written through the cron runner's recorder) and the messages that
 * reached the dead-letter queue (`dead_letters`). Read by `/health/ready` (a public,
 * redacted view) and `GET /api/v1/admin/operations` (with error messages).
 */
import { desc, eq, lt, sql } from "drizzle-orm";
import { newId } from "../../lib/ids";
import { DAY, MINUTE, toIso, toIsoOrNull } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { createDb } from "../../platform/db/client";
import { type CronOutcome, cronRuns, deadLetters } from "../../platform/db/schema";
import type { DeadLetterRecorder } from "../../platform/queue/consumer";
import type { CronRecorder, CronTask } from "../../platform/scheduler";

/** Longest error message kept: enough to recognise the failure, too short for a payload dump. */
export const MAX_ERROR_LENGTH = 500;
/** A run still `running` after this long was killed (CPU limit, deploy): reported as stuck. */
export const STUCK_AFTER_MS = 30 * MINUTE;
/** Rows older than this are pruned daily. */
export const KEEP_DAYS = 30;

/** Records each task run in `cron_runs` (handed to the runner by src/cron.ts). */
export const cronRunRecorder: CronRecorder = {
  async start(run, { env }) {
    const id = newId(run.startedAt);
    await createDb(env.DB)
      .insert(cronRuns)
      .values({ id, ...run, outcome: "running" });
    return id;
  },
  async finish(id, end, { env }) {
    await createDb(env.DB)
      .update(cronRuns)
      .set({ finishedAt: end.finishedAt, outcome: end.outcome, error: end.error?.slice(0, MAX_ERROR_LENGTH) ?? null })
      .where(eq(cronRuns.id, id));
  },
};

/** Counts a dead-lettered message once (a redelivered letter is the same letter). */
export const recordDeadLetter: DeadLetterRecorder = async (env, letter) => {
  await createDb(env.DB)
    .insert(deadLetters)
    .values({ messageId: letter.messageId, type: letter.type.slice(0, 64), receivedAt: Date.now() })
    .onConflictDoNothing();
};

export interface TaskRun {
  task: string;
  cron: string;
  outcome: CronOutcome | "stuck";
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
}

export interface OperationsSummary {
  status: "ok" | "attention";
  cron: TaskRun[];
  dead_letters: {
    last_24h: number;
    last_7d: number;
    by_type: Array<{ type: string; count: number }>;
    latest: Array<{ message_id: string; type: string; received_at: string }>;
  };
}

/**
 * The last run of every task that ever ran, and dead letters of the last week. Three
 * indexed queries in one round trip. `status` is `attention` when a task's last run failed
 * or is stuck, or a message was dead-lettered in the last 24 hours.
 */
export async function operationsSummary(db: Db, now = Date.now()): Promise<OperationsSummary> {
  const weekAgo = now - 7 * DAY;
  const dayAgo = now - DAY;
  const [last, byType, latest] = await db.batch([
    db
      .select()
      .from(cronRuns)
      .where(
        sql`(${cronRuns.task}, ${cronRuns.startedAt}) IN (SELECT task, MAX(started_at) FROM cron_runs GROUP BY task)`,
      )
      .orderBy(cronRuns.task),
    db
      .select({
        type: deadLetters.type,
        week: sql<number>`COUNT(*)`.mapWith(Number),
        day: sql<number>`COALESCE(SUM(${deadLetters.receivedAt} >= ${dayAgo}), 0)`.mapWith(Number),
      })
      .from(deadLetters)
      .where(sql`${deadLetters.receivedAt} >= ${weekAgo}`)
      .groupBy(deadLetters.type)
      .orderBy(desc(sql`2`), deadLetters.type),
    db.select().from(deadLetters).orderBy(desc(deadLetters.receivedAt)).limit(10),
  ]);
  const seen = new Set<string>();
  const cron: TaskRun[] = [];
  for (const r of last) {
    if (seen.has(r.task)) continue;
    seen.add(r.task);
    const stuck = r.outcome === "running" && now - r.startedAt > STUCK_AFTER_MS;
    cron.push({
      task: r.task,
      cron: r.cron,
      outcome: stuck ? "stuck" : r.outcome,
      started_at: toIso(r.startedAt),
      finished_at: toIsoOrNull(r.finishedAt),
      duration_ms: r.finishedAt === null ? null : r.finishedAt - r.startedAt,
      error: r.error,
    });
  }
  const last24h = byType.reduce((a, t) => a + t.day, 0);
  const failing = cron.some((r) => r.outcome === "error" || r.outcome === "stuck");
  return {
    status: failing || last24h > 0 ? "attention" : "ok",
    cron,
    dead_letters: {
      last_24h: last24h,
      last_7d: byType.reduce((a, t) => a + t.week, 0),
      by_type: byType.map((t) => ({ type: t.type, count: t.week })),
      latest: latest.map((d) => ({ message_id: d.messageId, type: d.type, received_at: toIso(d.receivedAt) })),
    },
  };
}

/** The last failed runs (newest first), for the admin view. */
export function recentFailures(db: Db, limit = 20) {
  return db
    .select()
    .from(cronRuns)
    .where(eq(cronRuns.outcome, "error"))
    .orderBy(desc(cronRuns.startedAt))
    .limit(limit)
    .then((rows) =>
      rows.map((r) => ({
        task: r.task,
        cron: r.cron,
        started_at: toIso(r.startedAt),
        finished_at: toIsoOrNull(r.finishedAt),
        error: r.error,
      })),
    );
}

/** Daily: forget runs and dead letters older than KEEP_DAYS. */
export const pruneOperationsTask: CronTask = {
  name: "operations.prune",
  run: async ({ env, scheduledTime }) => {
    const db = createDb(env.DB);
    const before = scheduledTime - KEEP_DAYS * DAY;
    const [runs, letters] = await db.batch([
      db.delete(cronRuns).where(lt(cronRuns.startedAt, before)),
      db.delete(deadLetters).where(lt(deadLetters.receivedAt, before)),
    ]);
    return { runs_deleted: runs.meta.changes, dead_letters_deleted: letters.meta.changes };
  },
};
