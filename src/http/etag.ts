/**
 * ETags for single resources, and optimistic concurrency (`If-Match` → `412`).
 *
 * An ETag is strong and has two parts: `"<version>.<digest>"`. The digest is a
 * hash of the exact JSON bytes sent, so `If-None-Match` → `304` is exact (a
 * joined field such as a company name changing also changes the ETag). The
 * version is the resource's `updated_at` in milliseconds (base 36), present when
 * the body carries `updated_at`; it is what a write can check atomically:
 * `PATCH` with `If-Match` adds `updated_at IN (<versions>)` to its
 * `UPDATE … WHERE`, and writes bump `updated_at` to at least the old value + 1,
 * so two writes never share a version. `If-Match` therefore compares versions:
 * it fails when the resource itself was written since the client read it (a
 * change only to joined data does not make a PATCH stale). Weak tags (`W/…`)
 * never match `If-Match` (RFC 9110 strong comparison); `If-Match: *` matches any
 * existing resource.
 */
import { z } from "@hono/zod-openapi";
import { inArray, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Context, MiddlewareHandler } from "hono";
import { toBase64Url, utf8 } from "../lib/encoding";
import { ApiError } from "./problem";

async function digestOf(json: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", utf8(json));
  return toBase64Url(digest).slice(0, 27);
}

/** A strong ETag over the exact JSON bytes that would be sent, versioned when `version` is known. */
export async function etagOf(json: string, version?: number | null): Promise<string> {
  const digest = await digestOf(json);
  return version === undefined || version === null ? `"${digest}"` : `"${version.toString(36)}.${digest}"`;
}

/**
 * The resource version a body carries: its `updated_at`, or that of its only
 * member (`{ user: { …, updated_at } }`). Null when there is none.
 */
export function versionOfBody(body: unknown): number | null {
  if (typeof body !== "object" || body === null) return null;
  const rec = body as Record<string, unknown>;
  if (typeof rec.updated_at === "string") {
    const ms = Date.parse(rec.updated_at);
    return Number.isFinite(ms) ? ms : null;
  }
  const keys = Object.keys(rec);
  return keys.length === 1 && keys[0] !== undefined ? versionOfBody(rec[keys[0]]) : null;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const weakless = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === weakless);
}

const DEFAULT_CACHE_CONTROL = "private, no-cache";

/**
 * Route middleware for single resources, attached by `defineRoute({ etag: true })`
 * (src/http/openapi.ts), so handlers answer with a plain, typed
 * `c.json(body, 200)`. It gives a `200` JSON answer a strong ETag over its exact
 * bytes and a `Cache-Control` (the handler's own, else private revalidation);
 * on GET/HEAD whose `If-None-Match` matches, the answer becomes `304 Not
 * Modified` with the same headers and no body. Writes (PATCH) get the new ETag
 * and never a 304. Errors and other statuses pass through untouched.
 */
export const etag: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  if (res.status !== 200 || !(res.headers.get("Content-Type") ?? "").includes("json")) return;
  const json = await res.text();
  const tag = await etagOf(json, versionOfBody(parseJson(json)));
  const headers = new Headers(res.headers);
  headers.set("ETag", tag);
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", DEFAULT_CACHE_CONTROL);
  const safe = c.req.method === "GET" || c.req.method === "HEAD";
  if (safe && matches(c.req.header("If-None-Match"), tag)) {
    headers.delete("Content-Type");
    c.res = new Response(null, { status: 304, headers });
    return;
  }
  c.res = new Response(json, { status: 200, headers });
};

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/**
 * The versions a write may apply to, from `If-Match`: undefined when the
 * header is absent or `*` (no precondition), else the versions of its strong
 * tags — possibly none (a weak or foreign tag), which no resource matches.
 */
export function ifMatchVersions(c: Context): number[] | undefined {
  const header = c.req.header("If-Match");
  if (header === undefined || header.trim() === "*") return undefined;
  const versions: number[] = [];
  for (const raw of header.split(",")) {
    const m = /^"([0-9a-z]{1,11})\.[A-Za-z0-9_-]+"$/.exec(raw.trim());
    if (m?.[1]) versions.push(Number.parseInt(m[1], 36));
  }
  return versions;
}

export const preconditionFailed = () =>
  new ApiError(
    412,
    "precondition-failed",
    "The resource changed since you read it (If-Match does not match its current ETag); GET it again and retry.",
  );

/** Cheap early check against the row as read; the guarded UPDATE (`versionIn`) is what makes it atomic. */
export function requireVersion(ifMatch: number[] | undefined, updatedAt: number): void {
  if (ifMatch && !ifMatch.includes(updatedAt)) throw preconditionFailed();
}

/**
 * The `UPDATE … WHERE` condition for `If-Match`: undefined when unconditional;
 * an empty list (only weak or foreign tags) matches no row.
 */
export function versionIn(column: SQLiteColumn, ifMatch: number[] | undefined): SQL | undefined {
  return ifMatch ? inArray(column, ifMatch.length ? ifMatch : [-1]) : undefined;
}

/** The next version of a row: now, or the old one + 1, so two writes never share a version. */
export const nextVersion = (column: SQLiteColumn, now: number): SQL => sql`max(${now}, ${column} + 1)`;

/** `request.headers` for PATCH routes that honour `If-Match` (OpenAPI + validation). */
export const IfMatchHeaders = z.object({
  "if-match": z.string().max(1000).optional().openapi({
    description:
      "Optimistic concurrency: the ETag from a GET of this resource. Stale → `412 precondition-failed` and nothing is changed; absent → the write applies unconditionally.",
    example: '"mi3k2a1b.4bXz9Q0tq3yH1VvOeQpLkqG7d0m"',
  }),
});
