/** Opaque list cursors: base64url JSON, validated on the way back in. */
import { fromBase64Url, toBase64Url, utf8 } from "../../lib/encoding";
import { ApiError } from "../../lib/problem";

export function encodeCursor(value: unknown): string {
  return toBase64Url(utf8(JSON.stringify(value)));
}

/** Decodes a cursor and checks it with `guard`; anything malformed is `400 invalid-cursor`. */
export function decodeCursor<T>(cursor: string, guard: (v: unknown) => v is T): T {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
    if (guard(value)) return value;
  } catch {
    // fall through to the same error as a well-formed but wrong cursor
  }
  throw new ApiError(400, "invalid-cursor", "The cursor is malformed or from another list.");
}
