/**
 * The catalogue of every cache the API keeps, and the only code that reads or
 * writes them. Each namespace declares where it lives (the CACHE KV binding,
 * the edge Cache API or the isolate's memory), how its key is built, how long
 * an entry lives and how it is invalidated:
 *
 * - `version`: the key carries the current `cache_versions.jobs` value, which
 *   D1 triggers bump on every change to a public job, a company or a category,
 *   so a write is visible to the very next read; stale entries are simply never
 *   read again and expire by TTL.
 * - `explicit`: writers call `invalidate(namespace, key)` after a change.
 * - `overwrite`: a task recomputes and overwrites the entry; TTL bounds staleness.
 * - `ttl`: nothing invalidates; staleness is bounded by the TTL alone.
 *
 * The value type of a namespace is fixed by its one handle (`kvCache<V>`,
 * `edgeCache`, `memoryCache<V>`), created next to the code that computes the
 * value: platform code may not import module types.
 */
import { sha256Hex } from "../lib/crypto";

/** What shared caches (browsers, CDNs) may keep: short, since they cannot see the version. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=30";

interface Versioned {
  /** `cache_versions.jobs` at read time (see `cacheVersion`). */
  version: number;
}

/** JSON of the parts, hashed: query objects make long keys otherwise. */
const hashed = (parts: unknown) => sha256Hex(JSON.stringify(parts));

export const CACHE_NAMESPACES = {
  /** Pages of `GET /jobs` (and the company job lists, which are the same search). */
  "jobs.search": {
    store: "kv",
    ttlSeconds: 120,
    invalidation: "version",
    key: async (k: Versioned & { params: unknown }) => `jobs:search:v${k.version}:${await hashed(k.params)}`,
  },
  /** `GET /jobs/featured`. */
  "jobs.featured": {
    store: "kv",
    ttlSeconds: 120,
    invalidation: "version",
    key: async (k: Versioned & { limit: number }) => `jobs:featured:v${k.version}:${await hashed({ limit: k.limit })}`,
  },
  /** Anonymous `GET /jobs/{id}`. */
  "jobs.detail": {
    store: "kv",
    ttlSeconds: 300,
    invalidation: "version",
    key: async (k: Versioned & { id: string }) => `jobs:detail:v${k.version}:${await hashed({ id: k.id })}`,
  },
  /**
   * Personal recommendations: private per user (the user id is in the key, and
   * the route never lets shared caches keep it). The fingerprint of the user's
   * signals changes with every relevant write of theirs, the version with every
   * public job change.
   */
  "jobs.recommendations": {
    store: "kv",
    ttlSeconds: 300,
    invalidation: "version",
    key: async (k: Versioned & { userId: string; fingerprint: unknown; limit: number }) =>
      `jobs:reco:v${k.version}:${k.userId}:${await hashed([k.fingerprint, k.limit])}`,
  },
  /** The trending snapshot, recomputed hourly by the `jobs.trending` cron task. */
  "jobs.trending": {
    store: "kv",
    ttlSeconds: 3 * 3600,
    invalidation: "overwrite",
    key: () => "jobs:trending",
  },
  /**
   * The category tree with job counts. Admin changes invalidate it; the TTL
   * bounds how far job counts lag behind newly published jobs. KV allows one
   * write per key per second, so a failed store (a concurrent rebuild already
   * stored it) only costs a rebuild later.
   */
  "categories.tree": {
    store: "kv",
    ttlSeconds: 300,
    invalidation: "explicit",
    tolerateWriteFailure: true,
    key: () => "categories:tree:v1",
  },
  /**
   * `GET /skills` responses in the edge cache, keyed on the normalised query
   * (not the raw URL) so `K8S ` and `k8s` share an entry. Suggestions change
   * only when popularity moves, so a minute of staleness is fine.
   */
  "skills.suggestions": {
    store: "edge",
    ttlSeconds: 60,
    invalidation: "ttl",
    key: (k: { q: string | undefined; limit: number }) =>
      `https://cache.internal/skills?q=${encodeURIComponent((k.q ?? "").trim().toLowerCase())}&limit=${k.limit}`,
  },
  /** The whole skills taxonomy as a text matcher (resume parsing), per isolate. */
  "skills.matcher": {
    store: "memory",
    ttlSeconds: 300,
    invalidation: "ttl",
    key: () => "skills:matcher",
  },
} as const satisfies Record<string, NamespaceSpec>;

interface NamespaceSpec {
  store: "kv" | "edge" | "memory";
  ttlSeconds: number;
  invalidation: "version" | "explicit" | "overwrite" | "ttl";
  tolerateWriteFailure?: boolean;
  /** Each namespace narrows its own key input (`never` admits them all). */
  key: (input: never) => string | Promise<string>;
}

type Catalogue = typeof CACHE_NAMESPACES;
export type CacheNamespace = keyof Catalogue;
type NamespacesIn<S extends NamespaceSpec["store"]> = {
  [N in CacheNamespace]: Catalogue[N]["store"] extends S ? N : never;
}[CacheNamespace];
export type KeyOf<N extends CacheNamespace> = Parameters<Catalogue[N]["key"]>[0];

/** The catalogue seen through its key builders, so a generic namespace keeps its own key type. */
const keyBuilders: { [N in CacheNamespace]: { key: (input: KeyOf<N>) => string | Promise<string> } } = CACHE_NAMESPACES;

function keyOf<N extends CacheNamespace>(ns: N, input: KeyOf<N>): Promise<string> {
  return Promise.resolve(keyBuilders[ns].key(input));
}

/** The version the `version`-invalidated namespaces put in their keys. */
export async function cacheVersion(d1: D1Database): Promise<number> {
  const { results } = await d1
    .prepare("SELECT version FROM cache_versions WHERE scope = 'jobs'")
    .all<{ version: number }>();
  return results[0]?.version ?? 0;
}

type CacheEnv = Pick<Env, "CACHE">;

/** A namespace kept in the CACHE KV binding, holding JSON values of type V. */
export interface KvCache<N extends CacheNamespace, V> {
  readonly namespace: N;
  get(env: CacheEnv, key: KeyOf<N>): Promise<V | null>;
  put(env: CacheEnv, key: KeyOf<N>, value: V): Promise<void>;
  /** The cached value, or computed, stored and returned. */
  readThrough(env: CacheEnv, key: KeyOf<N>, compute: () => Promise<V>): Promise<{ value: V; hit: boolean }>;
}

export function kvCache<V>(): <N extends NamespacesIn<"kv">>(ns: N) => KvCache<N, V> {
  return (ns) => {
    const spec: NamespaceSpec = CACHE_NAMESPACES[ns];
    const get = async (env: CacheEnv, key: KeyOf<typeof ns>) => env.CACHE.get<V>(await keyOf(ns, key), "json");
    const put = async (env: CacheEnv, key: KeyOf<typeof ns>, value: V) => {
      const write = env.CACHE.put(await keyOf(ns, key), JSON.stringify(value), { expirationTtl: spec.ttlSeconds });
      if (!spec.tolerateWriteFailure) return write;
      try {
        await write;
      } catch {
        // See the namespace: a lost write only costs a recomputation later.
      }
    };
    return {
      namespace: ns,
      get,
      put,
      async readThrough(env, key, compute) {
        const cached = await get(env, key);
        if (cached !== null) return { value: cached, hit: true };
        const value = await compute();
        await put(env, key, value);
        return { value, hit: false };
      },
    };
  };
}

/** Drops one entry of an `explicit` namespace after the data under it changed. */
export async function invalidate<N extends NamespacesIn<"kv">>(
  env: CacheEnv,
  ns: Catalogue[N]["invalidation"] extends "explicit" ? N : never,
  key: KeyOf<N>,
): Promise<void> {
  await env.CACHE.delete(await keyOf(ns, key));
}

/** A namespace in the edge Cache API (absent outside workerd, e.g. in scripts: then a no-op). */
export function edgeCache<N extends NamespacesIn<"edge">>(ns: N) {
  const store = () => (typeof caches === "undefined" ? undefined : caches.default);
  return {
    namespace: ns,
    cacheControl: `public, max-age=${CACHE_NAMESPACES[ns].ttlSeconds}`,
    async match(key: KeyOf<N>): Promise<Response | undefined> {
      return store()?.match(new Request(await keyOf(ns, key)));
    },
    /** The promise to hand to `waitUntil`, or undefined without an edge cache. */
    put(key: KeyOf<N>, response: Response): Promise<void> | undefined {
      const cache = store();
      return cache && keyOf(ns, key).then((url) => cache.put(new Request(url), response));
    },
  };
}

/** A namespace held in this isolate's memory: one promise per key, dropped if it rejects. */
export function memoryCache<V>(): <N extends NamespacesIn<"memory">>(
  ns: N,
) => { namespace: N; load(key: KeyOf<N>, compute: () => Promise<V>, now?: number): Promise<V> } {
  return (ns) => {
    const entries = new Map<string, { at: number; value: Promise<V> }>();
    const ttlMs = CACHE_NAMESPACES[ns].ttlSeconds * 1000;
    return {
      namespace: ns,
      async load(key, compute, now = Date.now()) {
        const k = await keyOf(ns, key);
        const entry = entries.get(k);
        if (entry && now - entry.at <= ttlMs) return entry.value;
        const value = compute();
        entries.set(k, { at: now, value });
        // A failed load must not be cached.
        value.catch(() => {
          if (entries.get(k)?.value === value) entries.delete(k);
        });
        return value;
      },
    };
  };
}
