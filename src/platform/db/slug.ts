import { and, eq, gte, lt, or, type SQL, type SQLWrapper } from "drizzle-orm";
import { foldText } from "../../lib/fold";
import { isUuid } from "../../lib/ids";

/**
 * URL slug from a display name: ASCII-folded, lower-case, dash-separated,
 * at most 60 characters. Never looks like an id, so `{id_or_slug}` lookups
 * cannot be ambiguous.
 */
export function slugify(name: string, fallback: string): string {
  // foldText, not only NFKD: letters such as ł, ø, ß do not decompose and were dropped (`Łódź` → `odz`).
  const slug = foldText(name.replace(/&/g, " and "))
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  if (!slug) return fallback;
  return isUuid(slug) ? `${slug}-x` : slug;
}

/** The first of `base`, `base-2`, `base-3`… not in `taken`. */
export function firstFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Rows whose slug is `base` or `base-…`, as an index range (`-` is 0x2D, `.`
 * the next byte). Not `LIKE 'base-%'`: D1 refuses LIKE patterns over 50 bytes,
 * and a slug may be 60 characters long.
 */
export function slugFamily(column: SQLWrapper, base: string): SQL {
  return or(eq(column, base), and(gte(column, `${base}-`), lt(column, `${base}.`))) as SQL;
}
