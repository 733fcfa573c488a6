/** Opaque keyset cursors over (created_at, id), newest first. */
import { decodeJsonCursor, encodeJsonCursor } from "../../http/cursor";

export interface Position {
  at: number;
  id: string;
}

export function encodeCursor(p: Position): string {
  return encodeJsonCursor([p.at, p.id]);
}

/** Decodes a cursor from the query; a malformed one is `400 invalid-cursor`, never a `500`. */
export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  const [at, id] = decodeJsonCursor(
    cursor,
    (v): v is [number, string] => Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "string",
  );
  return { at, id };
}

/** Splits a `limit + 1` page into data and the next cursor. */
export function page<T>(rows: T[], limit: number, pos: (row: T) => Position) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(pos(last)) : null };
}
