/**
 * Keyset pagination, the one way every list pages: `?limit=&cursor=` in
 * (`pageQuery`), the `{ data, next_cursor }` envelope out (`Page` for the
 * schema, `page()` for the value).
 *
 * A cursor is the position of the last row sent: its sort key values, ending
 * with the id that breaks ties, as base64url JSON. Keyset (not offset) keeps
 * every page an index seek and stays stable while rows are inserted: with a
 * total order there are no duplicates and no gaps across pages. A list whose
 * order or filters vary passes them as `scope`: the cursor then carries a
 * fingerprint of them and is refused by any other query. Cursors are opaque to
 * clients; anything malformed, tampered with or from another list is
 * `400 invalid-cursor`, never a `500`.
 */
import { z } from "@hono/zod-openapi";
import { fromBase64Url, toBase64Url, utf8 } from "../lib/encoding";
import { ApiError } from "./problem";

/** One value of a position. */
export type KeyValue = string | number | null;
/** What each value of a position must be; `number?` is a number or null (a nullable sort column). */
export type KeyKind = "string" | "number" | "number?";
interface KindValues {
  string: string;
  number: number;
  "number?": number | null;
}
/** The decoded position of `kinds`: `["number", "string"]` → `[number, string]`. */
export type Position<K extends readonly KeyKind[]> = { -readonly [I in keyof K]: KindValues[K[I]] };

/** The most common order, newest (or oldest) first by `(created_at, id)`: its kinds and a row's position. */
export const BY_CREATED = ["number", "string"] as const;
export type CreatedPosition = Position<typeof BY_CREATED>;
export const createdPosition = (row: { createdAt: number; id: string }): CreatedPosition => [row.createdAt, row.id];

export const invalidCursor = () =>
  new ApiError(400, "invalid-cursor", "The cursor is invalid or belongs to another list.");

/** A short, stable fingerprint of a JSON-able value (FNV-1a, 32 bit): binds a cursor to its query. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The cursor of `position`, bound to `scope` (the sort and filters) when given. */
export function encodeCursor(position: readonly KeyValue[], scope?: unknown): string {
  const body = scope === undefined ? { p: position } : { p: position, q: fingerprint(scope) };
  return toBase64Url(utf8(JSON.stringify(body)));
}

/**
 * The position in `raw`, whose values must match `kinds` and which must have
 * been made for the same `scope`; null without a cursor (absent or empty).
 */
export function decodeCursor<const K extends readonly KeyKind[]>(
  raw: string | undefined,
  kinds: K,
  scope?: unknown,
): Position<K> | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(raw)));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== "object" || parsed === null || !("p" in parsed)) throw invalidCursor();
  const q = "q" in parsed ? parsed.q : undefined;
  if (q !== (scope === undefined ? undefined : fingerprint(scope))) throw invalidCursor();
  if (!isPosition(parsed.p, kinds)) throw invalidCursor();
  return parsed.p;
}

function isPosition<K extends readonly KeyKind[]>(value: unknown, kinds: K): value is Position<K> {
  return Array.isArray(value) && value.length === kinds.length && value.every((v, i) => isKind(v, kinds[i]));
}

function isKind(value: unknown, kind: KeyKind | undefined): boolean {
  if (kind === "string") return typeof value === "string";
  if (kind === "number?" && value === null) return true;
  return (kind === "number" || kind === "number?") && typeof value === "number" && Number.isFinite(value);
}

/**
 * `?limit=&cursor=` for a list, spread into its query schema. Every list pages
 * 1..100 rows, 20 by default; `cursorMax` is the longest cursor the list takes.
 */
export function pageQuery(options: { cursorMax?: number } = {}) {
  return {
    limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
    cursor: z
      .string()
      .max(options.cursorMax ?? 512)
      .optional()
      .openapi({ description: "Opaque cursor from `next_cursor`." }),
  };
}

/** The schema of a page of `item`: `{ data: [item], next_cursor }`, plus any list-specific fields. */
export function Page<T extends z.ZodType, X extends z.ZodRawShape = Record<never, never>>(item: T, extra?: X) {
  return z.object({
    data: z.array(item),
    next_cursor: z.string().nullable(),
    ...extra,
  });
}

/** A page as sent: the rows and the cursor of the next page (null on the last). */
export interface PageOf<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * The page of a query that fetched `limit + 1` rows: the first `limit` rows,
 * and the cursor after the last of them when the extra row shows there is more.
 */
export function page<Row>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => readonly KeyValue[],
  scope?: unknown,
): PageOf<Row> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return {
    data,
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last), scope) : null,
  };
}

/** The same page with each row presented. */
export function mapPage<A, B>(p: PageOf<A>, present: (row: A) => B): PageOf<B> {
  return { data: p.data.map(present), next_cursor: p.next_cursor };
}
