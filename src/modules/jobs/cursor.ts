/**
 * Opaque cursors: base64url JSON of the last row's sort key and id, plus the
 * sort and a fingerprint of the filters, so a cursor can only continue the
 * listing it came from. Keyset pagination on (key, id) with a total order means
 * no duplicates and no gaps across pages, whatever the sort.
 */
import { decodeJsonCursor, encodeJsonCursor } from "../../http/cursor";

export interface CursorData {
  /** Sort name the cursor belongs to. */
  s: string;
  /** Fingerprint of the filters. */
  f: string;
  /** Sort key of the last row (number; null never happens for our keys). */
  k: number;
  /** Id of the last row: the tiebreaker. */
  id: string;
}

export function encodeCursor(data: CursorData): string {
  return encodeJsonCursor(data);
}

/** A cursor of this sort and these filters; anything else is `400 invalid-cursor`. */
export function decodeCursor(raw: string, sort: string, fingerprint: string): CursorData {
  return decodeJsonCursor(raw, (v): v is CursorData => {
    const c = v as Partial<CursorData> | null;
    return (
      typeof c === "object" &&
      c !== null &&
      c.s === sort &&
      c.f === fingerprint &&
      typeof c.k === "number" &&
      Number.isFinite(c.k) &&
      typeof c.id === "string" &&
      c.id.length <= 64
    );
  });
}

/** A short, stable fingerprint of a JSON-able value (FNV-1a, 32 bit). */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
