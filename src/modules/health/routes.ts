import { z } from "@hono/zod-openapi";
import { createRouter, defineRoute, jsonResponse } from "../../http/openapi";
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
      summary: "Readiness: checks D1, KV and R2",
      responses: {
        200: jsonResponse(ReadySchema, "Every dependency answered"),
        503: jsonResponse(ReadySchema, "At least one dependency failed"),
      },
    }),
    async (c) => {
      const checks = await checkReadiness(c.env);
      const ok = Object.values(checks).every((v) => v === "ok");
      return c.json({ status: ok ? ("ok" as const) : ("degraded" as const), checks }, ok ? 200 : 503, {
        "Cache-Control": "no-store",
      });
    },
  );
