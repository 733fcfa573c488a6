/**
 * Source HTML → the Markdown job descriptions are stored as. Job texts are
 * rendered by markdown-it with raw HTML disabled (jobs/markdown.ts), so the
 * output can never carry markup; this pass keeps the structure worth keeping
 * (paragraphs, headings, lists, emphasis, http(s)/mailto links) and drops every
 * other tag, and the whole content of script, style, iframe, template and
 * similar elements. A regex tokenizer, not a DOM: the input is bounded (the
 * fetcher caps payloads) and the rules only need tag names and `href`.
 */

export const MAX_DESCRIPTION_LENGTH = 50_000;

const DROP_WITH_CONTENT =
  /<(script|style|iframe|noscript|template|object|embed|svg|math|head|title|select|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  bull: "•",
  euro: "€",
  pound: "£",
  copy: "©",
  reg: "®",
  trade: "™",
};

/** Decodes named (common) and numeric character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      // Control characters and surrogates are dropped, not decoded.
      if (!Number.isFinite(code) || code < 32 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return "";
      return String.fromCodePoint(code);
    }
    return NAMED[ref.toLowerCase()] ?? m;
  });
}

/** Markdown's own syntax characters in source text are escaped, so text never turns into links or emphasis. */
const escapeMd = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, "\\$1");

function hrefOf(attrs: string): string | null {
  const m = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
  const raw = decodeEntities((m?.[1] ?? m?.[2] ?? m?.[3] ?? "").trim());
  if (!/^(https?:\/\/|mailto:)/i.test(raw)) return null;
  return raw.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}

/** Sanitised Markdown from untrusted HTML (at most MAX_DESCRIPTION_LENGTH characters). */
export function htmlToMarkdown(html: string): string {
  const cleaned = html.replace(/<!--[\s\S]*?-->/g, "").replace(DROP_WITH_CONTENT, " ");
  let out = "";
  let link: string | null = null;
  let linkText = "";
  const emit = (s: string) => {
    if (link !== null) linkText += s;
    else out += s;
  };
  const tokens = cleaned.split(/(<\/?[a-zA-Z][^>]*>)/);
  for (const token of tokens) {
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>$/.exec(token);
    if (!tag) {
      // Text (a stray `<` that opened no tag is text too).
      emit(escapeMd(decodeEntities(token.replace(/<[^>]*$/, "")).replace(/\s+/g, " ")));
      continue;
    }
    const closing = tag[1] === "/";
    const name = (tag[2] ?? "").toLowerCase();
    switch (name) {
      case "p":
      case "div":
      case "section":
      case "article":
      case "table":
      case "tr":
      case "blockquote":
        emit("\n\n");
        break;
      case "br":
        emit("  \n");
        break;
      case "ul":
      case "ol":
        emit("\n");
        break;
      case "li":
        if (!closing) emit("\n- ");
        break;
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        emit(closing ? "\n\n" : "\n\n### ");
        break;
      case "strong":
      case "b":
        emit("**");
        break;
      case "em":
      case "i":
        emit("_");
        break;
      case "td":
      case "th":
        emit(" ");
        break;
      case "a":
        if (!closing && link === null) {
          const href = hrefOf(tag[3] ?? "");
          if (href) {
            link = href;
            linkText = "";
          }
        } else if (closing && link !== null) {
          const text = linkText.trim();
          const target = link;
          link = null;
          emit(text ? `[${text}](${target})` : "");
        }
        break;
      default:
        // Every other tag is dropped, its text kept.
        break;
    }
  }
  if (link !== null) out += linkText;
  return tidy(out);
}

/** Plain text (feeds that send text) in the same stored form: escaped, paragraphs kept. */
export function textToMarkdown(text: string): string {
  return tidy(
    text
      .split(/\n{2,}/)
      .map((p) => escapeMd(p.replace(/\s+/g, " ").trim()))
      .join("\n\n"),
  );
}

function tidy(md: string): string {
  const lines = md
    .split("\n")
    .map((l) =>
      l
        .replace(/[ \t]+/g, " ")
        .replace(/^ (?=\S)/, "")
        .replace(/ +$/, (s) => (s.length >= 2 ? "  " : "")),
    )
    // Empty emphasis markers left by tags around whitespace.
    .map((l) => l.replace(/\*\*\s*\*\*|(?<![\\\w])_\s*_(?!\w)/g, ""));
  const joined = lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^- *$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return joined.length > MAX_DESCRIPTION_LENGTH ? `${joined.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…` : joined;
}
