import { z } from "@hono/zod-openapi";

const TaskRunSchema = z
  .object({
    task: z.string().openapi({ example: "outbox.sweep" }),
    cron: z.string().openapi({ example: "*/5 * * * *" }),
    outcome: z
      .enum(["running", "ok", "error", "stuck"])
      .openapi({ description: "`stuck`: still `running` 30 minutes after it started (the runtime killed it)" }),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    error: z.string().nullable().openapi({ description: "The error message (truncated to 500 characters)" }),
  })
  .openapi("CronTaskRun");

export const DeadLettersSchema = z
  .object({
    last_24h: z.number().int(),
    last_7d: z.number().int(),
    by_type: z.array(z.object({ type: z.string(), count: z.number().int() })),
    latest: z.array(z.object({ message_id: z.string(), type: z.string(), received_at: z.string() })),
  })
  .openapi("DeadLetters");

export const OperationsSchema = z
  .object({
    generated_at: z.string(),
    status: z.enum(["ok", "attention"]).openapi({
      description: "`attention`: a task's last run failed or is stuck, or a message was dead-lettered in 24 hours",
    }),
    cron: z.array(TaskRunSchema).openapi({ description: "The last run of every task that has run" }),
    recent_failures: z.array(
      TaskRunSchema.pick({ task: true, cron: true, started_at: true, finished_at: true, error: true }),
    ),
    dead_letters: DeadLettersSchema,
    bindings: z.object({
      metrics: z.boolean().openapi({ description: "The Analytics Engine binding `METRICS` is configured" }),
      error_tracking: z.boolean().openapi({ description: "`SENTRY_DSN` is set" }),
    }),
  })
  .openapi("Operations");

export const OperationsQuery = z.object({}).strict();
