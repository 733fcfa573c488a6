/**
 * The contract between the modules that store personal data and the account's
 * GDPR endpoints. Each such module exports one `GdprSection`: an exporter (one
 * section of `GET /auth/me/export`) and/or an eraser (run by `DELETE /auth/me` and
 * the admin delete), which deletes or anonymises the module's rows (keeping what
 * others legitimately keep, anonymised) and returns R2 keys to delete through the
 * queue. The list of sections is written out in src/gdpr-sections.ts, the one place that
 * shows everything we store about a person, and handed to requests with
 * `provideGdprSections`. Every eraser must be idempotent: a failed erasure is
 * retried from the start.
 */
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Db } from "./db/client";

export type GdprExporter = (db: Db, userId: string) => Promise<object>;

export interface GdprEraseContext {
  db: Db;
  env: Env;
  userId: string;
  /** The account's email before anonymisation (for rows keyed by address). */
  email: string;
  now: number;
}

export type GdprEraser = (ctx: GdprEraseContext) => Promise<{ r2Keys?: string[] } | undefined>;

export interface GdprSection {
  /** The key of the section in the export document (e.g. "profile", "applications"). */
  name: string;
  export?: GdprExporter;
  erase?: GdprEraser;
  /** Erasers run by ascending order (default 100); the account row, anonymised last, is 1000. */
  order?: number;
}

declare module "hono" {
  interface ContextVariableMap {
    gdprSections: readonly GdprSection[];
  }
}

/**
 * Makes `sections` the request's GDPR sections (`c.get("gdprSections")`); a
 * function is awaited per request (the Worker's list is imported on first use).
 */
export function provideGdprSections(
  sections: readonly GdprSection[] | (() => Promise<readonly GdprSection[]>),
): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    c.set("gdprSections", typeof sections === "function" ? await sections() : sections);
    return next();
  });
}

/** Asks every exporter for its section; one JSON document about the user. */
export async function buildGdprExport(sections: readonly GdprSection[], db: Db, userId: string, now = Date.now()) {
  const out: Record<string, object> = {};
  for (const s of [...sections].sort((a, b) => a.name.localeCompare(b.name))) {
    if (s.export) out[s.name] = await s.export(db, userId);
  }
  return { generated_at: new Date(now).toISOString(), user_id: userId, format_version: 1, ...out };
}

/** Runs every eraser in order; returns the R2 keys they asked to delete. */
export async function runGdprErasers(sections: readonly GdprSection[], ctx: GdprEraseContext): Promise<string[]> {
  const keys: string[] = [];
  for (const s of [...sections].sort((a, b) => (a.order ?? 100) - (b.order ?? 100))) {
    const result = await s.erase?.(ctx);
    if (result?.r2Keys) keys.push(...result.r2Keys);
  }
  return keys;
}
