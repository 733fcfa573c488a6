/**
 * A tiny SQL fragment builder for the search path, which runs on the D1 binding
 * directly (`.all()` so every statement reports rows_read) and composes dynamic
 * WHERE clauses. Values are always bound parameters; only fragments written in
 * this module's source become SQL text.
 */
export interface Frag {
  text: string;
  params: unknown[];
}

const FRAG = Symbol("frag");
type Tagged = Frag & { [FRAG]: true };

function make(text: string, params: unknown[]): Tagged {
  return { text, params, [FRAG]: true };
}

export function isFrag(v: unknown): v is Frag {
  return typeof v === "object" && v !== null && FRAG in v;
}

/** `sq\`a = ${value} AND ${otherFrag}\``: values become `?`, fragments are inlined. */
export function sq(strings: TemplateStringsArray, ...values: unknown[]): Frag {
  let text = strings[0] ?? "";
  const params: unknown[] = [];
  values.forEach((v, i) => {
    if (isFrag(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += "?";
      params.push(v);
    }
    text += strings[i + 1] ?? "";
  });
  return make(text, params);
}

/** Trusted SQL text (identifiers, keywords) chosen by code, never by input. */
export const rawSql = (text: string): Frag => make(text, []);

/** Trusted SQL text from code (e.g. another module's query) with its `?` parameters, in order. */
export const sqlWithParams = (text: string, params: unknown[]): Frag => make(text, [...params]);

export function joinFrags(frags: Frag[], separator: string): Frag {
  const texts: string[] = [];
  const params: unknown[] = [];
  for (const f of frags) {
    texts.push(f.text);
    params.push(...f.params);
  }
  return make(texts.join(separator), params);
}

/** `(?, ?, ?)` for an IN list. */
export function inList(values: readonly unknown[]): Frag {
  return make(`(${values.map(() => "?").join(", ")})`, [...values]);
}

export function where(conditions: Frag[]): Frag {
  return conditions.length ? joinFrags(conditions, " AND ") : rawSql("1");
}

/** A prepared statement; D1 accepts at most 100 bound parameters per statement. */
export function prepare(d1: D1Database, f: Frag): D1PreparedStatement {
  if (f.params.length > 100) throw new Error(`statement has ${f.params.length} parameters (max 100)`);
  return d1.prepare(f.text).bind(...f.params);
}
