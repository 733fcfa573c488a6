/**
 * Opaque keyset cursors: the sort key values of the last row sent, as
 * base64url JSON. Keyset (not offset) pagination keeps every page an index
 * seek and stays stable while rows are inserted.
 */
import { z } from "@hono/zod-openapi";
import { fromBase64Url, toBase64Url, utf8 } from "../lib/encoding";
import { ApiError } from "./problem";

export type CursorValue = string | number;
export type CursorKind = "string" | "number";

const invalidCursor = () => new ApiError(400, "invalid-cursor", "The cursor is invalid or belongs to another list.");

/** Any JSON value as an opaque cursor (base64url JSON): the one encoding every list uses. */
export function encodeJsonCursor(value: unknown): string {
  return toBase64Url(utf8(JSON.stringify(value)));
}

/**
 * Decodes a cursor made by `encodeJsonCursor` and checks its shape with `guard`.
 * Anything malformed, tampered with or from another list is `400 invalid-cursor`,
 * never a `500`.
 */
export function decodeJsonCursor<T>(cursor: string, guard: (value: unknown) => value is T): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
  } catch {
    throw invalidCursor();
  }
  if (!guard(parsed)) throw invalidCursor();
  return parsed;
}

/** A cursor of sort-key values (e.g. `[created_at, id]`). */
export function encodeCursor(values: CursorValue[]): string {
  return encodeJsonCursor(values);
}

/** Decodes a cursor whose values must match `kinds`. */
export function decodeCursor(cursor: string | undefined, kinds: CursorKind[]): CursorValue[] | null {
  if (!cursor) return null;
  return decodeJsonCursor(
    cursor,
    (v): v is CursorValue[] =>
      Array.isArray(v) &&
      v.length === kinds.length &&
      v.every((x, i) => typeof x === kinds[i] && (typeof x !== "number" || Number.isFinite(x))),
  );
}

/** `?limit=&cursor=` shared by list endpoints. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
  cursor: z.string().max(512).optional().openapi({ description: "Opaque cursor from `next_cursor`." }),
};

/**
 * Splits a page fetched with `limit + 1` rows into the rows to send and the
 * next cursor (built from the last row sent), or null at the end.
 */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => CursorValue[]) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
