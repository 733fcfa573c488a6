/// <reference types="vite/client" />
/**
 * The cache catalogue (src/platform/cache.ts) is the only code that keeps
 * caches: no other source file writes the CACHE KV binding, sets a KV TTL or
 * opens the edge cache. And one namespace of each invalidation kind behaves
 * against the real (local) KV binding.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CACHE_NAMESPACES, cacheVersion, invalidate, kvCache, memoryCache } from "../src/platform/cache";
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

    expect(await tree.readThrough(env, undefined, compute)).toEqual({ value: [{ id: "built-1" }], hit: false });
    // The entry is in KV under the catalogue's key, as JSON.
    expect(await env.CACHE.get("categories:tree:v1", "json")).toEqual([{ id: "built-1" }]);
    expect(await tree.readThrough(env, undefined, compute)).toEqual({ value: [{ id: "built-1" }], hit: true });
    expect(computed).toBe(1);

    await invalidate(env, "categories.tree", undefined);
    expect(await env.CACHE.get("categories:tree:v1")).toBeNull();
    expect(await tree.readThrough(env, undefined, compute)).toEqual({ value: [{ id: "built-2" }], hit: false });
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
    expect(await detail.readThrough(env, { version: v1, id: "job_x" }, async () => ({ title: "After" }))).toEqual({
      value: { title: "After" },
      hit: false,
    });
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
