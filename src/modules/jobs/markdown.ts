/**
 * Job texts are Markdown, stored exactly as the employer wrote them and served
 * with a sanitised HTML rendering. Safety comes from markdown-it's own rules,
 * tightened: raw HTML is never passed through (`html: false` escapes it), and
 * only http(s)/mailto links and http(s) images survive, so no `<script>`, no
 * event-handler attribute and no `javascript:`/`data:` URL can reach the output.
 */
import MarkdownIt from "markdown-it";

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^https?:/i;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// markdown-it calls validateLink for links and images alike; relative URLs have
// no scheme and are dropped too, since a job page has no base URL to resolve them.
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet("rel", "nofollow noopener noreferrer ugc");
    token.attrSet("target", "_blank");
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const defaultImage =
  md.renderer.rules.image ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const src = String(tokens[idx]?.attrGet("src") ?? "");
  if (!SAFE_IMAGE.test(src)) return "";
  return defaultImage(tokens, idx, options, env, self);
};

/** Renders Markdown to HTML that is safe to embed in a page. */
export function renderMarkdown(source: string | null | undefined): string | null {
  if (source === null || source === undefined) return null;
  return md.render(source);
}

/** Plain text for places that cannot take HTML (CSV export keeps the Markdown instead). */
export function stripMarkdown(source: string): string {
  return source
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`#>~]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
