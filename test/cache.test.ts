/// <reference types="vite/client" />
/**
 * The cache catalogue (src/platform/cache.ts) is the only code that keeps
 * caches: no other source file writes the CACHE KV binding, sets a KV TTL or
 * opens the edge cache. And one namespace of each invalidation kind behaves
 * against the real (local) KV binding.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  allowIsolateVersion,
  CACHE_NAMESPACES,
  cacheVersion,
  dropIsolateVersion,
  invalidate,
  kvCache,
  memoryCache,
  versionReuseMs,
} from "../src/platform/cache";
import { db } from "./factories";

const sources = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });

describe("the catalogue is the only cache", () => {
  it("scans the sources", () => {
    expect(Object.keys(sources)).toContain("../src/platform/cache.ts");
    expect(Object.keys(sources).length).toBeGreaterThan(100);
  });

  it("no other file reads or writes the CACHE binding, sets a KV TTL or opens the edge cache", () => {
    const op = /\bCACHE\s*\.\s*(get|getWithMetadata|put|delete|list)\b|\bkv\s*\.\s*(get|put|delete|list)\b/;
    const offenders: string[] = [];
    for (const [path, text] of Object.entries(sources)) {
      if (path === "../src/platform/cache.ts") continue;
      for (const [i, line] of text.split("\n").entries()) {
        // The readiness probe reads a key that never exists: it checks the binding answers and caches nothing.
        const probe = path === "../src/modules/health/service.ts" && line.includes('env.CACHE.get("health:probe")');
        if ((op.test(line) || /expirationTtl|caches\.default/.test(line)) && !probe) {
          offenders.push(`${path}:${i + 1}: ${line.trim()}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("every namespace declares a store, a TTL and how it is invalidated", () => {
    for (const [name, spec] of Object.entries(CACHE_NAMESPACES)) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(["kv", "edge", "memory"]).toContain(spec.store);
      expect(spec.ttlSeconds).toBeGreaterThan(0);
      expect(["version", "explicit", "overwrite", "ttl"]).toContain(spec.invalidation);
    }
  });
});

describe("read-through and invalidation against KV", () => {
  it("an explicit namespace computes once, serves the stored value, and recomputes after invalidate", async () => {
    const tree = kvCache<Array<{ id: string }>>()("categories.tree");
    await invalidate(env, "categories.tree", undefined);
    let computed = 0;
    const compute = async () => [{ id: `built-${++computed}` }];

    expect(await tree.readThrough(env, undefined, compute)).toEqual({
      value: [{ id: "built-1" }],
      hit: false,
      text: '[{"id":"built-1"}]',
    });
    // The entry is in KV under the catalogue's key, as JSON.
    expect(await env.CACHE.get("categories:tree:v1", "json")).toEqual([{ id: "built-1" }]);
    expect(await tree.readThrough(env, undefined, compute)).toMatchObject({ value: [{ id: "built-1" }], hit: true });
    expect(computed).toBe(1);

    await invalidate(env, "categories.tree", undefined);
    expect(await env.CACHE.get("categories:tree:v1")).toBeNull();
    expect(await tree.readThrough(env, undefined, compute)).toMatchObject({ value: [{ id: "built-2" }], hit: false });
  });

  it("a versioned namespace misses after the version bumps (a public job change)", async () => {
    const detail = kvCache<{ title: string }>()("jobs.detail");
    const d1 = db().$client;
    const v0 = await cacheVersion(d1);
    const first = await detail.readThrough(env, { version: v0, id: "job_x" }, async () => ({ title: "Before" }));
    expect(first.hit).toBe(false);
    expect(
      (await detail.readThrough(env, { version: v0, id: "job_x" }, async () => ({ title: "Other" }))).value,
    ).toEqual({
      title: "Before",
    });

    await d1.prepare("UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs'").run();
    const v1 = await cacheVersion(d1);
    expect(v1).toBe(v0 + 1);
    expect(await detail.readThrough(env, { version: v1, id: "job_x" }, async () => ({ title: "After" }))).toMatchObject(
      {
        value: { title: "After" },
        hit: false,
      },
    );
  });

  it("a memory namespace keeps one load per TTL and forgets a failed one", async () => {
    const matcher = memoryCache<number>()("skills.matcher");
    let loads = 0;
    const load = async () => ++loads;
    const ttlMs = CACHE_NAMESPACES["skills.matcher"].ttlSeconds * 1000;
    expect(await matcher.load(undefined, load, 1_000)).toBe(1);
    expect(await matcher.load(undefined, load, 1_000 + ttlMs)).toBe(1);
    expect(await matcher.load(undefined, load, 1_001 + ttlMs)).toBe(2);

    await expect(matcher.load(undefined, () => Promise.reject(new Error("D1 down")), 10 * ttlMs)).rejects.toThrow();
    // The failure was not kept: the next call loads again within the same TTL window.
    expect(await matcher.load(undefined, load, 10 * ttlMs + 1)).toBe(3);
  });
});

describe("isolate memory in front of KV (version-keyed namespaces)", () => {
  it("serves a warm entry from memory as the stored JSON text, frozen, without reading KV", async () => {
    const search = kvCache<{ data: string[] }>()("jobs.search");
    const key = { version: 9_000 + Math.floor(Math.random() * 1000), params: { q: "memory" } };
    const first = await search.readThrough(env, key, async () => ({ data: ["a"] }));
    expect(first).toEqual({ value: { data: ["a"] }, hit: false, text: '{"data":["a"]}' });
    // Gone from KV: a warm read still answers from this isolate's memory.
    const listed = await env.CACHE.list({ prefix: `jobs:search:v${key.version}:` });
    expect(listed.keys).toHaveLength(1);
    await env.CACHE.delete(listed.keys[0]?.name ?? "");
    const warm = await search.readThrough(env, key, async () => ({ data: ["recomputed"] }));
    expect(warm).toEqual({ value: { data: ["a"] }, hit: true, text: '{"data":["a"]}' });
    expect(Object.isFrozen(warm.value.data)).toBe(true);
  });

  it("a KV entry read by another isolate comes with its text", async () => {
    const detail = kvCache<{ title: string }>()("jobs.detail");
    const key = { version: 7, id: `other-${Math.random()}` };
    const k = await CACHE_NAMESPACES["jobs.detail"].key(key);
    await env.CACHE.put(k, '{"title":"From KV"}', { metadata: { storedAt: Date.now() } });
    expect(await detail.readThrough(env, key, async () => ({ title: "Computed" }))).toEqual({
      value: { title: "From KV" },
      hit: true,
      text: '{"title":"From KV"}',
    });
  });
});

describe("the cache version, reused per isolate for anonymous reads (≤ 1 s)", () => {
  const bump = () => db().$client.prepare("UPDATE cache_versions SET version = version + 1 WHERE scope = 'jobs'").run();

  it("CACHE_VERSION_TTL_MS is clamped to 1 000 ms, and 0 turns reuse off", () => {
    expect(versionReuseMs({})).toBe(1_000);
    expect(versionReuseMs({ CACHE_VERSION_TTL_MS: "60000" })).toBe(1_000);
    expect(versionReuseMs({ CACHE_VERSION_TTL_MS: "250" })).toBe(250);
    expect(versionReuseMs({ CACHE_VERSION_TTL_MS: "0" })).toBe(0);
  });

  it("a client without permission always reads D1", async () => {
    const d1 = db().$client;
    const v0 = await cacheVersion(d1);
    await bump();
    expect(await cacheVersion(d1)).toBe(v0 + 1);
  });

  it("an allowed client reuses the read within the TTL, then reads again; a write request drops it at once", async () => {
    dropIsolateVersion();
    const d1 = db().$client;
    allowIsolateVersion(d1, 1_000);
    const t = Date.now();
    const v0 = await cacheVersion(d1, t);
    await bump();
    // Within the TTL: the shared read (this is the staleness bound).
    expect(await cacheVersion(d1, t + 999)).toBe(v0);
    // Past it: D1 again.
    expect(await cacheVersion(d1, t + 1_000)).toBe(v0 + 1);
    await bump();
    // A write request ended in this isolate: the next read is fresh, within the TTL.
    dropIsolateVersion();
    expect(await cacheVersion(d1, t + 1_001)).toBe(v0 + 2);
  });

  it("a read in flight when a write request ends is not kept", async () => {
    dropIsolateVersion();
    const d1 = db().$client;
    allowIsolateVersion(d1, 1_000);
    const t = Date.now();
    const inFlight = cacheVersion(d1, t);
    dropIsolateVersion();
    const v = await inFlight;
    await bump();
    expect(await cacheVersion(d1, t + 1)).toBe(v + 1);
  });
});
