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
 * Namespaces marked `isolateMemory` also keep each entry in the isolate's memory
 * in front of KV, as the JSON text with its parsed value: a warm read costs no
 * KV round trip and no parse, and the route can send the text as it is. Version
 * keys make an entry immutable, so memory adds no staleness; an entry leaves
 * memory when its KV life (the namespace TTL from when it was stored) ends.
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
    isolateMemory: true,
    key: async (k: Versioned & { params: unknown }) => `jobs:search:v${k.version}:${await hashed(k.params)}`,
  },
  /** `GET /jobs/featured`. */
  "jobs.featured": {
    store: "kv",
    ttlSeconds: 120,
    invalidation: "version",
    isolateMemory: true,
    key: async (k: Versioned & { limit: number }) => `jobs:featured:v${k.version}:${await hashed({ limit: k.limit })}`,
  },
  /** Anonymous `GET /jobs/{id}`. */
  "jobs.detail": {
    store: "kv",
    ttlSeconds: 300,
    invalidation: "version",
    isolateMemory: true,
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
  /** Also keep entries in isolate memory (version-keyed, public namespaces only: see the top). */
  isolateMemory?: boolean;
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

/**
 * The version the `version`-invalidated namespaces put in their keys.
 *
 * Read from D1 through the request's own client, except when the request's
 * database middleware allowed reuse (`allowIsolateVersion`: anonymous reads
 * without an `x-d1-bookmark`, which D1 may serve from any replica anyway): then
 * one read per isolate is shared for at most `ttlMs` (≤ 1 s). A write request
 * handled by this isolate drops the shared value when it ends
 * (`dropIsolateVersion`), and a read already in flight then cannot store what
 * it read before the write (generation check). So the version an anonymous
 * reader sees is at most 1 s older than a D1 read would have given it; a
 * signed-in or bookmarked request always reads D1 (read-your-writes).
 */
export async function cacheVersion(d1: D1Database, now = Date.now()): Promise<number> {
  const ttlMs = versionReuse.get(d1) ?? 0;
  if (ttlMs <= 0) return readVersion(d1);
  if (shared && now - shared.at < ttlMs) return shared.value;
  const generation = versionGeneration;
  const value = readVersion(d1);
  shared = { at: now, value };
  value.then(
    () => {
      // A write ended while this read was in flight: its answer may predate the write.
      if (versionGeneration !== generation && shared?.value === value) shared = undefined;
    },
    () => {
      if (shared?.value === value) shared = undefined;
    },
  );
  return value;
}

async function readVersion(d1: D1Database): Promise<number> {
  const { results } = await d1
    .prepare("SELECT version FROM cache_versions WHERE scope = 'jobs'")
    .all<{ version: number }>();
  return results[0]?.version ?? 0;
}

/** The longest an isolate may reuse a version read (`CACHE_VERSION_TTL_MS` is clamped to it). */
export const MAX_VERSION_REUSE_MS = 1_000;

/** This isolate's shared version read, and the count of write requests that ended here. */
let shared: { at: number; value: Promise<number> } | undefined;
let versionGeneration = 0;
const versionReuse = new WeakMap<D1Database, number>();

/** `CACHE_VERSION_TTL_MS` (default and maximum 1 000 ms; `0` turns reuse off). */
export function versionReuseMs(env: { CACHE_VERSION_TTL_MS?: string | undefined }): number {
  const raw = env.CACHE_VERSION_TTL_MS;
  if (raw === undefined || raw === "") return MAX_VERSION_REUSE_MS;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_VERSION_REUSE_MS) : 0;
}

/** Lets `cacheVersion` reuse this isolate's version read for requests on `d1` (see there). */
export function allowIsolateVersion(d1: D1Database, ttlMs: number): void {
  if (ttlMs > 0) versionReuse.set(d1, ttlMs);
}

/** After a request that may have written: the next `cacheVersion` reads D1 again. */
export function dropIsolateVersion(): void {
  versionGeneration += 1;
  shared = undefined;
}

type CacheEnv = Pick<Env, "CACHE">;

/** A namespace kept in the CACHE KV binding, holding JSON values of type V. */
export interface KvCache<N extends CacheNamespace, V> {
  readonly namespace: N;
  get(env: CacheEnv, key: KeyOf<N>): Promise<V | null>;
  put(env: CacheEnv, key: KeyOf<N>, value: V): Promise<void>;
  /**
   * The cached value, or computed, stored and returned; `text` is its JSON, to
   * send as the body without serialising again. With `isolateMemory` the value
   * is shared by every request of the isolate: deeply frozen, never to be mutated.
   */
  readThrough(
    env: CacheEnv,
    key: KeyOf<N>,
    compute: () => Promise<V>,
  ): Promise<{ value: V; hit: boolean; text: string }>;
}

/** What a namespace's entries in isolate memory may hold in all (string lengths, ~bytes). */
const MEMORY_BUDGET_CHARS = 8 * 1024 * 1024;
const MAX_MEMORY_ENTRY_CHARS = 512 * 1024;

interface MemoryEntry {
  text: string;
  value: unknown;
  /** When the KV entry it mirrors expires (ms). */
  expiresAt: number;
}

/** Isolate memory in front of KV for one namespace: insertion-ordered, oldest evicted first. */
function isolateMemory() {
  const entries = new Map<string, MemoryEntry>();
  let chars = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    chars -= e.text.length;
  };
  return {
    get(key: string, now: number): MemoryEntry | undefined {
      const e = entries.get(key);
      if (e && e.expiresAt <= now) {
        drop(key);
        return undefined;
      }
      return e;
    },
    set(key: string, entry: MemoryEntry): void {
      if (entry.text.length > MAX_MEMORY_ENTRY_CHARS) return;
      drop(key);
      while (chars + entry.text.length > MEMORY_BUDGET_CHARS && entries.size > 0) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        drop(oldest);
      }
      deepFreeze(entry.value);
      entries.set(key, entry);
      chars += entry.text.length;
    },
  };
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/** KV metadata of an entry: when it was stored, so isolate memory never outlives it. */
interface StoredAt {
  storedAt: number;
}

export function kvCache<V>(): <N extends NamespacesIn<"kv">>(ns: N) => KvCache<N, V> {
  return (ns) => {
    const spec: NamespaceSpec = CACHE_NAMESPACES[ns];
    const ttlMs = spec.ttlSeconds * 1000;
    const memory = spec.isolateMemory ? isolateMemory() : undefined;
    /** The entry as text and value, from memory or KV. */
    const lookup = async (env: CacheEnv, k: string, now: number): Promise<{ text: string; value: V } | null> => {
      const inMemory = memory?.get(k, now);
      // The memory holds what this namespace stored under k: values of type V.
      if (inMemory) return { text: inMemory.text, value: inMemory.value as V };
      const { value: text, metadata } = await env.CACHE.getWithMetadata<StoredAt>(k, "text");
      if (text === null) return null;
      const value = JSON.parse(text) as V;
      // An entry without metadata (stored before) is not known to be young: KV only.
      if (memory && metadata?.storedAt) memory.set(k, { text, value, expiresAt: metadata.storedAt + ttlMs });
      return { text, value };
    };
    const store = async (env: CacheEnv, k: string, value: V, now: number): Promise<string> => {
      const text = JSON.stringify(value);
      const write = env.CACHE.put(k, text, {
        expirationTtl: spec.ttlSeconds,
        metadata: { storedAt: now } satisfies StoredAt,
      });
      if (!spec.tolerateWriteFailure) await write;
      else {
        try {
          await write;
        } catch {
          // See the namespace: a lost write only costs a recomputation later.
        }
      }
      memory?.set(k, { text, value, expiresAt: now + ttlMs });
      return text;
    };
    return {
      namespace: ns,
      async get(env, key) {
        return (await lookup(env, await keyOf(ns, key), Date.now()))?.value ?? null;
      },
      async put(env, key, value) {
        await store(env, await keyOf(ns, key), value, Date.now());
      },
      async readThrough(env, key, compute) {
        const k = await keyOf(ns, key);
        const cached = await lookup(env, k, Date.now());
        if (cached !== null) return { ...cached, hit: true };
        const value = await compute();
        const text = await store(env, k, value, Date.now());
        return { value, hit: false, text };
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
