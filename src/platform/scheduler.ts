/**
 * Running scheduled tasks (the list of tasks per cron expression is src/cron.ts).
 * Each task is idempotent: a rerun of the same tick does no work twice.
 */
export interface CronContext {
  env: Env;
  ctx: ExecutionContext;
  /** The tick's scheduled time (epoch ms); tasks use it instead of Date.now(). */
  scheduledTime: number;
}

export type CronTask = { name: string; run: (cc: CronContext) => Promise<unknown> };

/**
 * Where task runs are recorded (the operations module's `cron_runs`, wired in src/cron.ts).
 * `start` returns a handle for `finish`. Either may fail: a recording failure is
 * logged and never fails the task, since the task's own work matters more.
 */
export interface CronRecorder {
  start(
    run: { task: string; cron: string; scheduledTime: number; startedAt: number },
    cc: CronContext,
  ): Promise<string>;
  finish(
    id: string,
    end: { finishedAt: number; outcome: "ok" | "error"; error: string | null },
    cc: CronContext,
  ): Promise<void>;
}

/**
 * Told of each failing task after its run is recorded (error tracking, wired in
 * src/cron.ts). It must not throw; what it returns is awaited, so the report is
 * sent before the tick ends.
 */
export type CronErrorReporter = (err: unknown, run: { task: string; cron: string }, cc: CronContext) => Promise<void>;

async function safely<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: `cron run ${what} not recorded`, error: String(err) }));
    return null;
  }
}

/** Tasks run one after another; one failing task does not stop the others, but fails the tick. */
export async function runTasks(
  cron: string,
  tasks: CronTask[] | undefined,
  cc: CronContext,
  recorder?: CronRecorder,
  report?: CronErrorReporter,
): Promise<string[]> {
  if (!tasks) {
    console.warn(JSON.stringify({ level: "warn", msg: "no tasks for cron expression", cron }));
    return [];
  }
  const ran: string[] = [];
  const failures: unknown[] = [];
  for (const task of tasks) {
    const started = Date.now();
    const runId = recorder
      ? await safely("start", () =>
          recorder.start({ task: task.name, cron, scheduledTime: cc.scheduledTime, startedAt: started }, cc),
        )
      : null;
    const end = (outcome: "ok" | "error", error: string | null) =>
      runId && recorder
        ? safely("finish", () => recorder.finish(runId, { finishedAt: Date.now(), outcome, error }, cc))
        : null;
    try {
      const result = await task.run(cc);
      ran.push(task.name);
      await end("ok", null);
      console.log(
        JSON.stringify({
          level: "info",
          msg: "cron task done",
          cron,
          task: task.name,
          duration_ms: Date.now() - started,
          result,
        }),
      );
    } catch (err) {
      failures.push(err);
      await end("error", err instanceof Error ? err.message : String(err));
      console.error(
        JSON.stringify({
          level: "error",
          msg: "cron task failed",
          cron,
          task: task.name,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
      if (report) await safely("error report", () => report(err, { task: task.name, cron }, cc));
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} cron task(s) failed`);
  return ran;
}
