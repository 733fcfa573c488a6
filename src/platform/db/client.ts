/**
 * The drizzle client over D1, wrapped so every statement is counted per request
 * (queries, rows read, rows written) for the request log and dev Server-Timing.
 */
import { drizzle } from "drizzle-orm/d1";
import type { DbStats } from "../env";

export type Db = ReturnType<typeof createDb>;

/**
 * No `schema` is passed: nothing uses drizzle's relational API (`db.query.*`),
 * every query names the tables it reads, imported where it is written. So the
 * client neither evaluates every table definition at startup nor builds the
 * relational config of all of them for each request's client.
 */
export function createDb(d1: D1Database) {
  return drizzle(d1, { casing: "snake_case" });
}

const RAW = Symbol("raw-statement");

function record(stats: DbStats, result: unknown): void {
  const meta = (result as { meta?: { rows_read?: number; rows_written?: number } } | null)?.meta;
  if (meta) {
    stats.rowsRead += meta.rows_read ?? 0;
    stats.rowsWritten += meta.rows_written ?? 0;
  }
}

/**
 * A D1Database that counts what goes through it. `raw()` results carry no
 * metadata in D1, so those statements count as queries without rows.
 */
export function instrumentD1(d1: D1Database, stats: DbStats): D1Database {
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop, receiver) {
        if (prop === RAW) return target;
        if (prop === "bind") {
          return (...values: unknown[]) => wrapStatement(target.bind(...values));
        }
        if (prop === "all" || prop === "run" || prop === "first" || prop === "raw") {
          return async (...args: unknown[]) => {
            stats.queries += 1;
            // first() returns a row, not a result with meta; run it through all() for stats.
            if (prop === "first" && args.length === 0) {
              const res = await target.all();
              record(stats, res);
              return res.results[0] ?? null;
            }
            // biome-ignore lint/suspicious/noExplicitAny: forwarding arbitrary D1 method calls
            const res = await (target as any)[prop](...args);
            record(stats, res);
            return res;
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });

  return new Proxy(d1, {
    get(target, prop, receiver) {
      if (prop === "prepare") {
        return (query: string) => wrapStatement(target.prepare(query));
      }
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          stats.queries += 1;
          // Unwrap our proxies: D1 only accepts its own statement objects.
          const results = await target.batch(statements.map(unwrap));
          for (const r of results) record(stats, r);
          return results;
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

function unwrap(stmt: D1PreparedStatement): D1PreparedStatement {
  return ((stmt as unknown as Record<symbol, D1PreparedStatement>)[RAW] ?? stmt) as D1PreparedStatement;
}
