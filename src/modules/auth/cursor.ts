/** Opaque keyset cursors over (created_at, id), newest first. */
import { fromBase64Url, toBase64Url, utf8 } from "../../lib/encoding";
import { badRequest } from "../../lib/problem";

export interface Position {
  at: number;
  id: string;
}

export function encodeCursor(p: Position): string {
  return toBase64Url(utf8(JSON.stringify([p.at, p.id])));
}

/** Decodes a cursor from the query; a malformed one is a `400`, never a `500`. */
export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor))) as unknown;
    if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "string") return { at: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw badRequest("The cursor is invalid.", [{ path: "cursor", message: "Invalid cursor." }]);
}

/** Splits a `limit + 1` page into data and the next cursor. */
export function page<T>(rows: T[], limit: number, pos: (row: T) => Position) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(pos(last)) : null };
}
