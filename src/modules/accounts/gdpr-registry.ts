/**
 * GDPR registries. Each module that stores personal data registers
 *  - an exporter: `(db, userId) => Promise<object>`, one section of `GET /auth/me/export`;
 *  - an eraser: `(ctx) => Promise<{ r2Keys? } | void>`, run by `DELETE /auth/me` and the
 *    admin delete. Erasers delete or anonymise the module's rows (keeping what others
 *    legitimately keep, anonymised) and return R2 keys to delete through the queue.
 * Registration happens at module load (import the module's gdpr file from its routes).
 * Every eraser must be idempotent: a failed erasure is retried from the start.
 */
import type { Db } from "../../platform/db/client";

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

const exporters = new Map<string, GdprExporter>();
const erasers = new Map<string, { order: number; fn: GdprEraser }>();

/** Registers the exporter of one section (e.g. "profile", "applications"). Re-registering replaces it. */
export function registerGdprExporter(section: string, fn: GdprExporter): void {
  exporters.set(section, fn);
}

/**
 * Registers an eraser. Lower `order` runs first (default 100); the account
 * eraser, which anonymises the user row itself, runs last (1000).
 */
export function registerGdprEraser(name: string, fn: GdprEraser, options: { order?: number } = {}): void {
  erasers.set(name, { order: options.order ?? 100, fn });
}

export function registeredGdprSections(): string[] {
  return [...exporters.keys()].sort();
}

/** Asks every exporter for its section; one JSON document about the user. */
export async function buildGdprExport(db: Db, userId: string, now = Date.now()) {
  const sections: Record<string, object> = {};
  for (const [name, fn] of [...exporters.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    sections[name] = await fn(db, userId);
  }
  return { generated_at: new Date(now).toISOString(), user_id: userId, format_version: 1, ...sections };
}

/** Runs every eraser in order; returns the R2 keys they asked to delete. */
export async function runGdprErasers(ctx: GdprEraseContext): Promise<string[]> {
  const keys: string[] = [];
  for (const { fn } of [...erasers.values()].sort((a, b) => a.order - b.order)) {
    const result = await fn(ctx);
    if (result?.r2Keys) keys.push(...result.r2Keys);
  }
  return keys;
}
