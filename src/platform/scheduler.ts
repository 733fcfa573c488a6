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

/** Tasks run one after another; one failing task does not stop the others, but fails the tick. */
export async function runTasks(cron: string, tasks: CronTask[] | undefined, cc: CronContext): Promise<string[]> {
  if (!tasks) {
    console.warn(JSON.stringify({ level: "warn", msg: "no tasks for cron expression", cron }));
    return [];
  }
  const ran: string[] = [];
  const failures: unknown[] = [];
  for (const task of tasks) {
    const started = Date.now();
    try {
      const result = await task.run(cc);
      ran.push(task.name);
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
      console.error(
        JSON.stringify({
          level: "error",
          msg: "cron task failed",
          cron,
          task: task.name,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} cron task(s) failed`);
  return ran;
}
