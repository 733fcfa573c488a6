/**
 * Opaque keyset cursors: the sort key values of the last row sent, as
 * base64url JSON. Keyset (not offset) pagination keeps every page an index
 * seek and stays stable while rows are inserted.
 */
import { z } from "@hono/zod-openapi";
import { fromBase64Url, toBase64Url, utf8 } from "./encoding";
import { ApiError } from "./problem";

export type CursorValue = string | number;
export type CursorKind = "string" | "number";

export function encodeCursor(values: CursorValue[]): string {
  return toBase64Url(utf8(JSON.stringify(values)));
}

/** Decodes a cursor whose values must match `kinds`; anything else is a `400`, never a `500`. */
export function decodeCursor(cursor: string | undefined, kinds: CursorKind[]): CursorValue[] | null {
  if (!cursor) return null;
  const invalid = () => new ApiError(400, "invalid-cursor", "The cursor is invalid or belongs to another list.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length) throw invalid();
  parsed.forEach((v, i) => {
    if (typeof v !== kinds[i] || (typeof v === "number" && !Number.isFinite(v))) throw invalid();
  });
  return parsed as CursorValue[];
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

/** Escapes `%`, `_` and `\` for `LIKE ... ESCAPE '\'`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}
