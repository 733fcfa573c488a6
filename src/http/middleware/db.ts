import { createMiddleware } from "hono/factory";
import { createDb, instrumentD1 } from "../../platform/db/client";
import type { AppEnv } from "../../platform/env";

/**
 * Gives each request its own drizzle client over an instrumented D1 binding, so
 * the logger can report how many queries and rows the request cost.
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const stats = { queries: 0, rowsRead: 0, rowsWritten: 0 };
  c.set("dbStats", stats);
  c.set("db", createDb(instrumentD1(c.env.DB, stats)));
  await next();
});
