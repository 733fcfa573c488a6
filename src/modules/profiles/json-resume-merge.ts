/**
 * Keeping a JSON Resume document whole across import and export.
 *
 * The profile holds only part of a JSON Resume document (one location string,
 * LinkedIn and GitHub links, no work urls, highlights, courses, project roles,
 * volunteer work, awards, …). The importer stores, next to the profile, the
 * document as imported (`doc`), what the mapping made of it (`base`, the export
 * projection right after the import) and which row each array item became
 * (`ids`). The export then does a three-way merge per field:
 *
 * - the profile's value changed since the import (`current` ≠ `base`): the
 *   profile wins (mapped fields always win over the stored copy);
 * - unchanged: the imported value is given back verbatim, which keeps what the
 *   mapping folded or dropped (address parts, skill keyword groups, "Master").
 *
 * Array items are matched by row id, so editing or deleting one experience
 * through the section API never moves another item's extra fields.
 */
import type { JsonResumeExtra } from "../../platform/db/schema";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = Record<string, unknown>;

/** The sections whose items are profile rows. */
export const ROW_SECTIONS = ["work", "education", "certificates", "projects"] as const;
export type RowSection = (typeof ROW_SECTIONS)[number];

/** The export projection of the profile: what the mapped columns say, items keyed by row id. */
export interface Projection {
  basics: Obj;
  sections: Record<RowSection, { id: string; item: Obj }[]>;
  skills: Obj[];
}

/** Fields folded into another on import: when the host field changes, the stored ones go with it. */
const FOLDED: Partial<Record<RowSection, Record<string, string[]>>> = {
  // The importer appends highlights to the description as "• …" lines.
  work: { summary: ["highlights"] },
};

/** Fields that always come from the account or this export, never from the stored copy. */
const ALWAYS_CURRENT = new Set(["name", "email", "image"]);

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** `example.com/x` → `https://example.com/x`; a value with a scheme, or not host-like, is left alone. */
export function withScheme(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return /^[^\s/?#]+\.[^\s/?#]+/.test(url) ? `https://${url}` : url;
}

/** Drops empty strings from objects (JSON Resume leaves out what is unknown) and adds missing url schemes. */
function normaliseValue(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) return v.map((x) => normaliseValue(x));
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === "" || x === undefined) continue;
      out[k] = normaliseValue(x, k);
    }
    return out;
  }
  if (typeof v === "string" && key === "url") return withScheme(v);
  return v;
}

/** Pads `2022` / `2022-05` to a full date: the official schema has `format: date` for certificates. */
export const fullDate = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);

/** The imported document as stored and compared: the documented normalisations applied once, up front. */
export function normaliseDocument<T extends Obj>(doc: T): T {
  const out = normaliseValue(doc) as T & { certificates?: Obj[] };
  for (const c of out.certificates ?? []) if (typeof c.date === "string") c.date = fullDate(c.date);
  return out;
}

/** Key-level three-way merge of one object (see the module comment). */
function merge3(orig: Obj, base: Obj, current: Obj, folded: Record<string, string[]> = {}): Obj {
  const dropped = new Set<string>();
  for (const [host, deps] of Object.entries(folded))
    if (!deepEqual(base[host], current[host])) for (const d of deps) dropped.add(d);
  const out: Obj = {};
  for (const k of new Set([...Object.keys(orig), ...Object.keys(current)])) {
    const changed = !deepEqual(base[k], current[k]);
    if (changed || ALWAYS_CURRENT.has(k)) {
      if (current[k] !== undefined) out[k] = current[k];
    } else if (k in orig && !dropped.has(k)) out[k] = orig[k];
  }
  return out;
}

/** LinkedIn and GitHub entries are the mapped ones; the rest of `profiles` is kept as imported. */
function mergeProfiles(orig: unknown, base: unknown, current: unknown, isMapped: (p: Obj) => boolean) {
  if (deepEqual(base, current) && Array.isArray(orig)) return orig;
  const others = Array.isArray(orig) ? orig.filter((p) => isObj(p) && !isMapped(p)) : [];
  return [...(Array.isArray(current) ? current : []), ...others];
}

export function mergeExport(
  current: Projection,
  extra: JsonResumeExtra | null,
  isMappedProfile: (p: Obj) => boolean,
): Obj {
  const doc = extra?.doc ?? {};
  const base = (extra?.base ?? { basics: {}, items: {}, skills: [] }) as {
    basics: Obj;
    items: Record<string, Obj>;
    skills: Obj[];
  };
  const ids = extra?.ids ?? {};
  const origBasics = isObj(doc.basics) ? doc.basics : {};
  const basics = merge3(origBasics, base.basics, current.basics);
  if ("profiles" in origBasics || current.basics.profiles !== undefined)
    basics.profiles = mergeProfiles(
      origBasics.profiles,
      base.basics.profiles,
      current.basics.profiles,
      isMappedProfile,
    );

  const out: Obj = { ...doc, basics };
  for (const section of ROW_SECTIONS) {
    const importedIds = ids[section] ?? [];
    const origItems = Array.isArray(doc[section]) ? (doc[section] as Obj[]) : [];
    let rows = current.sections[section];
    // An empty section the imported document did not have is left out, as the document did.
    if (!rows.length && extra && !(section in doc)) continue;
    // Nothing added or removed since the import: keep the document's own order.
    if (rows.length === importedIds.length && rows.every((r) => importedIds.includes(r.id)))
      rows = [...rows].sort((a, b) => importedIds.indexOf(a.id) - importedIds.indexOf(b.id));
    out[section] = rows.map(({ id, item }) => {
      const i = importedIds.indexOf(id);
      const orig = origItems[i];
      const b = base.items[id];
      return i >= 0 && isObj(orig) && b ? merge3(orig, b, item, FOLDED[section]) : item;
    });
  }
  // Skills are one value: the keyword groups of the document come back while the skill list is as imported.
  if (!current.skills.length && extra && !("skills" in doc)) return out;
  out.skills = deepEqual(base.skills, current.skills) && Array.isArray(doc.skills) ? doc.skills : current.skills;
  return out;
}

/** What the importer stores: the normalised document, the projection of the import, and the row ids. */
export function extraFor(doc: Obj, projection: Projection): JsonResumeExtra {
  const items: Record<string, Obj> = {};
  const ids: Record<string, string[]> = {};
  for (const section of ROW_SECTIONS) {
    ids[section] = projection.sections[section].map((r) => r.id);
    for (const r of projection.sections[section]) items[r.id] = r.item;
  }
  return { version: 1, doc, base: { basics: projection.basics, items, skills: projection.skills }, ids };
}
