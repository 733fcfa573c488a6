/**
 * Read-through cache for public job responses in KV. Keys carry the current
 * `cache_versions.jobs` value, which triggers bump on every change to a public
 * job, a company or a category, so a write is visible to the very next read;
 * stale entries are simply never read again and expire by TTL.
 */
import { sha256Hex } from "../lib/crypto";

export const SEARCH_TTL_SECONDS = 120;
export const DETAIL_TTL_SECONDS = 300;
/** What shared caches (browsers, CDNs) may keep: short, since they cannot see the version. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=30";

export async function cacheVersion(d1: D1Database): Promise<number> {
  const { results } = await d1
    .prepare("SELECT version FROM cache_versions WHERE scope = 'jobs'")
    .all<{ version: number }>();
  return results[0]?.version ?? 0;
}

export async function cacheKey(namespace: string, version: number, parts: unknown): Promise<string> {
  return `jobs:${namespace}:v${version}:${await sha256Hex(JSON.stringify(parts))}`;
}

/** Returns the cached value or computes, stores and returns it. */
export async function readThrough<T>(
  env: Pick<Env, "CACHE">,
  d1: D1Database,
  namespace: string,
  parts: unknown,
  ttlSeconds: number,
  compute: () => Promise<T>,
): Promise<{ value: T; hit: boolean }> {
  const key = await cacheKey(namespace, await cacheVersion(d1), parts);
  const cached = await env.CACHE.get<T>(key, "json");
  if (cached !== null) return { value: cached, hit: true };
  const value = await compute();
  await env.CACHE.put(key, JSON.stringify(value), { expirationTtl: ttlSeconds });
  return { value, hit: false };
}
