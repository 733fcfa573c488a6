/**
 * API keys for integrators: `jb_` + 256 random bits, shown once, stored as
 * SHA-256. Accepted as bearer tokens by the auth middleware with their scopes;
 * every route declares the scope a key needs (`access` in `defineRoute`).
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { conflict, notFound } from "../../http/problem";
import { randomToken, sha256Hex } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { DAY, MINUTE } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { countBelow, insertWhere } from "../../platform/db/insert-where";
import { type ApiKeyRow, type ApiKeyScope, apiKeys, users } from "../../platform/db/schema";
import type { Role } from "../../platform/env";
import { closeSockets } from "../../platform/realtime/push";

export const API_KEY_PREFIX = "jb_";
export const MAX_KEYS_PER_USER = 20;
const TOUCH_INTERVAL_MS = 5 * MINUTE;

export async function createApiKey(
  db: Db,
  userId: string,
  input: { name: string; scopes: ApiKeyScope[]; expires_in_days?: number | undefined },
  now = Date.now(),
) {
  const key = `${API_KEY_PREFIX}${randomToken()}`;
  const live = and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt));
  // The cap is checked inside the insert: 30 concurrent creates still make at most 20 keys.
  const [row] = await insertWhere(
    db,
    apiKeys,
    {
      id: newId(now),
      userId,
      name: input.name,
      prefix: key.slice(0, 11),
      keyHash: await sha256Hex(key),
      scopes: [...new Set(input.scopes)],
      createdAt: now,
      expiresAt: input.expires_in_days ? now + input.expires_in_days * DAY : null,
    },
    countBelow(apiKeys, live, MAX_KEYS_PER_USER),
  ).returning();
  if (!row) {
    throw conflict("too-many-api-keys", `At most ${MAX_KEYS_PER_USER} active API keys; revoke one first.`);
  }
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

/**
 * Revokes the caller's key and closes the realtime sockets it opened; someone
 * else's (or an unknown) id is a `404`. Its unused tickets are refused on
 * redemption (the ticket checks its key).
 */
export async function revokeApiKey(
  db: Db,
  env: Pick<Env, "USER_CHANNEL">,
  userId: string,
  id: string,
  now = Date.now(),
): Promise<void> {
  const res = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  if (res.meta.changes !== 1) throw notFound("API key");
  await closeSockets(env, userId, { apiKeyIds: [id] }, "api key revoked");
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
