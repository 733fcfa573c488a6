import { z } from "@hono/zod-openapi";
import { createRouter, defineRoute, jsonResponse } from "../../http/openapi";
import { operationsSummary } from "../operations";
import { checkReadiness } from "./service";

const HealthSchema = z.object({ status: z.literal("ok") }).openapi("Health");
const ReadySchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({
      d1: z.enum(["ok", "error"]),
      kv: z.enum(["ok", "error"]),
      r2: z.enum(["ok", "error"]),
    }),
    operations: z
      .object({
        status: z.enum(["ok", "attention"]),
        cron: z.array(
          z.object({
            task: z.string(),
            outcome: z.enum(["running", "ok", "error", "stuck"]),
            started_at: z.string(),
            finished_at: z.string().nullable(),
          }),
        ),
        dead_letters: z.object({ last_24h: z.number().int(), last_7d: z.number().int() }),
      })
      .nullable()
      .openapi({
        description:
          "Each cron task's last run and outcome and the dead letters of the queue (null when D1 is down). " +
          "Informational: it never makes the Worker unready. Error messages: `GET /api/v1/admin/operations`.",
      }),
  })
  .openapi("Readiness");

export const healthRouter = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/health",
      access: { public: true },
      operationId: "getHealth",
      tags: ["Health"],
      summary: "Liveness: touches nothing",
      responses: { 200: jsonResponse(HealthSchema, "The Worker is running") },
    }),
    (c) => c.json({ status: "ok" as const }, 200, { "Cache-Control": "no-store" }),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/health/ready",
      access: { public: true },
      operationId: "getReadiness",
      tags: ["Health"],
      summary: "Readiness: checks D1, KV and R2; reports cron task runs and dead letters",
      responses: {
        200: jsonResponse(ReadySchema, "Every dependency answered"),
        503: jsonResponse(ReadySchema, "At least one dependency failed"),
      },
    }),
    async (c) => {
      const checks = await checkReadiness(c.env);
      const ok = Object.values(checks).every((v) => v === "ok");
      const operations = checks.d1 === "ok" ? await publicOperations(c.get("db")) : null;
      return c.json({ status: ok ? ("ok" as const) : ("degraded" as const), checks, operations }, ok ? 200 : 503, {
        "Cache-Control": "no-store",
      });
    },
  );

/**
 * The public view: outcomes without error messages (they can name internals), counts
 * without message ids. A failing task makes `status` `attention`, not the Worker unready:
 * taking it out of rotation would not fix a cron task.
 */
async function publicOperations(db: Parameters<typeof operationsSummary>[0]) {
  try {
    const s = await operationsSummary(db);
    return {
      status: s.status,
      cron: s.cron.map((r) => ({
        task: r.task,
        outcome: r.outcome,
        started_at: r.started_at,
        finished_at: r.finished_at,
      })),
      dead_letters: { last_24h: s.dead_letters.last_24h, last_7d: s.dead_letters.last_7d },
    };
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "operations summary failed", error: String(err) }));
    return null;
  }
}
