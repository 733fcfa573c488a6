/**
 * API keys for integrators: `jb_` + 256 random bits, shown once, stored as
 * SHA-256. Accepted as bearer tokens by the auth middleware with their scopes;
 * every route declares the scope a key needs (`access` in `defineRoute`).
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type ApiKeyRow, type ApiKeyScope, apiKeys, users } from "../../db/schema";
import type { Role } from "../../env";
import { randomToken, sha256Hex } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { conflict, notFound } from "../../lib/problem";
import { DAY, MINUTE } from "../../lib/time";

export const API_KEY_PREFIX = "jb_";
export const MAX_KEYS_PER_USER = 20;
const TOUCH_INTERVAL_MS = 5 * MINUTE;

export async function createApiKey(
  db: Db,
  userId: string,
  input: { name: string; scopes: ApiKeyScope[]; expires_in_days?: number | undefined },
  now = Date.now(),
) {
  const live = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .limit(MAX_KEYS_PER_USER);
  if (live.length >= MAX_KEYS_PER_USER) {
    throw conflict("too-many-api-keys", `At most ${MAX_KEYS_PER_USER} active API keys; revoke one first.`);
  }
  const key = `${API_KEY_PREFIX}${randomToken()}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: newId(now),
      userId,
      name: input.name,
      prefix: key.slice(0, 11),
      keyHash: await sha256Hex(key),
      scopes: [...new Set(input.scopes)],
      createdAt: now,
      expiresAt: input.expires_in_days ? now + input.expires_in_days * DAY : null,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { row, key };
}

export function listApiKeys(db: Db, userId: string): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt))
    .limit(MAX_KEYS_PER_USER);
}

/** Revokes the caller's key; someone else's (or an unknown) id is a `404`. */
export async function revokeApiKey(db: Db, userId: string, id: string, now = Date.now()): Promise<void> {
  const res = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  if (res.meta.changes !== 1) throw notFound("API key");
}

export interface ApiKeyPrincipal {
  keyId: string;
  userId: string;
  role: Role;
  scopes: string[];
  emailVerified: boolean;
  shouldTouch: boolean;
}

/** The key's owner and scopes, or null for an unknown, revoked or expired key or an inactive owner. */
export async function loadApiKeyPrincipal(db: Db, key: string, now = Date.now()): Promise<ApiKeyPrincipal | null> {
  const row = await db
    .select({
      id: apiKeys.id,
      userId: apiKeys.userId,
      scopes: apiKeys.scopes,
      revokedAt: apiKeys.revokedAt,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      role: users.role,
      status: users.status,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, await sha256Hex(key)))
    .get();
  if (!row || row.revokedAt !== null || row.status !== "active") return null;
  if (row.expiresAt !== null && row.expiresAt <= now) return null;
  return {
    keyId: row.id,
    userId: row.userId,
    role: row.role,
    scopes: row.scopes,
    emailVerified: row.emailVerifiedAt !== null,
    shouldTouch: row.lastUsedAt === null || now - row.lastUsedAt > TOUCH_INTERVAL_MS,
  };
}

export async function touchApiKey(d1: D1Database, id: string): Promise<void> {
  await d1.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").bind(Date.now(), id).run();
}
