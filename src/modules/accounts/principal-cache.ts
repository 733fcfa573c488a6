/**
 * A per-isolate cache of live sessions, so an authenticated request does not
 * pay a D1 round trip for its session on every call (issue #21).
 *
 * Consistency: an entry lives `AUTH_CACHE_TTL_MS` (5 s in wrangler.toml;
 * `0` turns the cache off). Everything that ends or changes a session through
 * this Worker (logout, session revocation, password change and reset,
 * refresh-token reuse, suspension, role change, deletion, email verification)
 * drops the user's entries in the isolate that did it at once, and bumps the
 * user's generation so a read that was already in flight cannot put the old
 * state back. Other isolates notice within the TTL, when their entry expires
 * and the next request reads D1 again: revocation is effective everywhere
 * within 5 s, and at once in the isolate that handled it. The WebSockets of a
 * revoked session are closed at once regardless (UserChannel).
 *
 * Why not KV or the user's Durable Object: a KV revocation list is eventually
 * consistent (up to ~60 s), which is "minutes", not "seconds"; a Durable Object
 * lookup is a network round trip per request like the D1 read it replaces
 * (docs/scaling.md has the measurements).
 */
import type { Role } from "../../platform/env";

export interface CachedPrincipal {
  role: Role;
  emailVerified: boolean;
  /** The session's own expiry: a cached entry never outlives its session. */
  sessionExpiresAt: number;
}

interface Entry extends CachedPrincipal {
  userId: string;
  cachedUntil: number;
}

/** Bounded so a busy isolate's memory stays small (an entry is ~100 bytes). */
const MAX_ENTRIES = 10_000;
export const DEFAULT_AUTH_CACHE_TTL_MS = 5_000;

const entries = new Map<string, Entry>();
const generations = new Map<string, number>();

/** The TTL configured for this Worker (`AUTH_CACHE_TTL_MS`), in ms; 0 disables the cache. */
export function cacheTtl(env: { AUTH_CACHE_TTL_MS?: string | undefined }): number {
  const raw = env.AUTH_CACHE_TTL_MS;
  if (raw === undefined || raw === "") return DEFAULT_AUTH_CACHE_TTL_MS;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 60_000) : 0;
}

/** The user's generation now; pass it back to `remember` after the D1 read. */
export function generationOf(userId: string): number {
  return generations.get(userId) ?? 0;
}

export function recall(sessionId: string, userId: string, now: number): CachedPrincipal | null {
  const e = entries.get(sessionId);
  if (!e) return null;
  if (e.userId !== userId || e.cachedUntil <= now || e.sessionExpiresAt <= now) {
    entries.delete(sessionId);
    return null;
  }
  return e;
}

export function remember(
  sessionId: string,
  userId: string,
  principal: CachedPrincipal,
  generation: number,
  ttlMs: number,
  now: number,
): void {
  if (ttlMs <= 0 || generationOf(userId) !== generation) return;
  if (entries.size >= MAX_ENTRIES) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.delete(sessionId);
  entries.set(sessionId, { ...principal, userId, cachedUntil: now + ttlMs });
}

/** Drops every cached session of `userId` in this isolate (call after any change to them). */
export function forgetUser(userId: string): void {
  generations.set(userId, generationOf(userId) + 1);
  for (const [sid, e] of entries) if (e.userId === userId) entries.delete(sid);
  // Generations only need to outlive reads in flight; keep the map bounded.
  if (generations.size > MAX_ENTRIES) generations.clear();
}
