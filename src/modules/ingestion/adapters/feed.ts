/**
 * RSS 2.0 and Atom job feeds (public, no key): the admin configures the feed's
 * URL (`https`, checked against the SSRF rules when saved and again on every
 * fetch and redirect hop). Items map to postings: `guid`/`id` → external id
 * (else the item's link), `link` → posting and apply URL, `description`/
 * `content:encoded`/Atom `content`/`summary` → the HTML description, `pubDate`/
 * `published`/`updated` → posted date, and the common job extensions when
 * present (`job:company`, `job:location`, `job:type`, `job:salary`, plain
 * `company`/`location`/`region`/`type`/`salary` as some boards write them),
 * `category` → department. Atom `<link rel="next">` (RFC 5005 paging) is
 * followed, bounded by the runner's page cap.
 *
 * Hostile XML: the parser runs with entity processing off, and a document that
 * declares entities (`<!ENTITY`, the "billion laughs" bomb) is refused before
 * parsing, since job feeds never need them; the standard and numeric
 * references are decoded by our own bounded decoder (`decodeEntities`).
 * Malformed XML (per fast-xml-parser's validator) fails the run.
 */
import type { X2jOptions } from "fast-xml-parser";
import { z } from "zod";
import { loadXmlParser } from "../../../lazy-modules";
import { decodeEntities } from "../html";
import { type Adapter, FeedError, type RawPosting, sourceUrl } from "./types";

const Config = z
  .object({
    url: sourceUrl,
    /** The employer of postings that name none (a company's own feed). */
    company_name: z.string().trim().min(1).max(200).optional(),
    company_website: z.url().max(500).optional(),
  })
  .strict();

/** Elements that repeat (always arrays, so one item and many read the same). */
const REPEATED = new Set(["item", "entry", "link", "category"]);

/** Parser options (the module is loaded on first use: only the queue consumer reads feeds). */
const PARSER_OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  // `job:location` and `location` read the same; Atom's default namespace disappears.
  removeNSPrefix: true,
  // Keep every value a string ("00123" ids, "2026" titles).
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  // Atom `type="xhtml"` content is markup inside the element: kept as raw text for the HTML sanitiser.
  stopNodes: ["feed.entry.content", "feed.entry.summary"],
  isArray: (name: string) => REPEATED.has(name),
  maxNestedTags: 50,
};

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** The text of an element (a string, or an element with attributes and `#text`); null when absent. */
function text(v: unknown): string | null {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === "string") return first;
  if (typeof first === "number") return String(first);
  if (isNode(first) && typeof first["#text"] === "string") return first["#text"];
  return null;
}

const CDATA = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/;

/**
 * Element text as plain text. The parser leaves entity references as written
 * (processing is off) and CDATA unescaped, so references are decoded here once.
 */
function plain(v: unknown, max = 500): string | null {
  const raw = text(v);
  if (raw === null) return null;
  const out = decodeEntities(raw).replace(/\s+/g, " ").trim();
  return out ? out.slice(0, max) : null;
}

/**
 * An RSS description or `content:encoded`: HTML escaped once (`&lt;p&gt;`) or in
 * CDATA. Decoding the entity layer yields the HTML the sanitiser expects.
 */
function rssHtml(v: unknown): string | null {
  const raw = text(v);
  return raw === null ? null : decodeEntities(raw);
}

/** Atom `content`/`summary` (a stop node: raw inner markup) by its `type`. */
function atomContent(v: unknown): { html: string; isHtml: boolean } | null {
  const node = Array.isArray(v) ? v[0] : v;
  const raw = text(node);
  if (raw === null) return null;
  const type = isNode(node) && typeof node["@_type"] === "string" ? node["@_type"].toLowerCase() : "text";
  const cdata = CDATA.exec(raw);
  if (type === "xhtml") return { html: raw, isHtml: true };
  // In CDATA the content is as written; otherwise it is escaped once.
  const body = cdata ? (cdata[1] ?? "") : decodeEntities(raw);
  return { html: body, isHtml: type === "html" || type === "text/html" };
}

function date(v: unknown): number | null {
  const s = plain(v, 100);
  return s ? Date.parse(s) || null : null;
}

/** An Atom entry's link: `rel="alternate"` (or no rel) first. */
function atomLink(links: unknown, rel = "alternate"): string | null {
  if (!Array.isArray(links)) return null;
  for (const l of links) {
    if (!isNode(l) || typeof l["@_href"] !== "string") continue;
    const r = typeof l["@_rel"] === "string" ? l["@_rel"] : "alternate";
    if (r === rel) return decodeEntities(l["@_href"]).trim();
  }
  return null;
}

/** An RSS `<link>` (text), or an `atom:link` mixed into RSS (attribute). */
function rssLink(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  for (const l of links) {
    const t = plain(l, 2000);
    if (t) return t;
  }
  return atomLink(links);
}

/** `category` elements: RSS text or Atom `term`. */
function firstCategory(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  for (const c of v) {
    const t = isNode(c) && typeof c["@_term"] === "string" ? plain(c["@_term"], 200) : plain(c, 200);
    if (t) return t;
  }
  return null;
}

/** The job extensions some boards add to items (namespace prefix removed by the parser). */
function extensions(item: Node) {
  const location = plain(item.location) ?? plain(item.region);
  return {
    company: plain(item.company, 200) ?? plain(item.hiringOrganization, 200),
    location,
    employmentType: plain(item.type, 50) ?? plain(item.employmentType, 50) ?? plain(item.jobType, 50),
    salaryText: plain(item.salary, 200),
    remote: /\bremote\b/i.test(location ?? "") ? true : null,
  };
}

const MAX_DESCRIPTION = 500_000;

function rssItem(item: Node, index: number): RawPosting {
  const link = rssLink(item.link);
  const externalId = plain(item.guid, 500) ?? link;
  const title = plain(item.title);
  if (!externalId) throw new FeedError(`feed item ${index + 1} has neither a guid nor a link`);
  if (!title) throw new FeedError(`feed item ${index + 1} has no title`);
  const description = rssHtml(item.encoded) ?? rssHtml(item.description) ?? "";
  if (description.length > MAX_DESCRIPTION) throw new FeedError(`feed item ${index + 1} has an oversized description`);
  return {
    externalId,
    title,
    url: link,
    applyUrl: link,
    description,
    descriptionIsHtml: true,
    department: firstCategory(item.category),
    postedAt: date(item.pubDate) ?? date(item.date),
    ...extensions(item),
  };
}

function atomEntry(entry: Node, index: number): RawPosting {
  const link = atomLink(entry.link);
  const externalId = plain(entry.id, 500) ?? link;
  const title = plain(entry.title);
  if (!externalId) throw new FeedError(`feed entry ${index + 1} has neither an id nor a link`);
  if (!title) throw new FeedError(`feed entry ${index + 1} has no title`);
  const content = atomContent(entry.content) ?? atomContent(entry.summary);
  if ((content?.html.length ?? 0) > MAX_DESCRIPTION) {
    throw new FeedError(`feed entry ${index + 1} has an oversized description`);
  }
  return {
    externalId,
    title,
    url: link,
    applyUrl: link,
    description: content?.html ?? "",
    descriptionIsHtml: content?.isHtml ?? false,
    department: firstCategory(entry.category),
    postedAt: date(entry.published) ?? date(entry.updated),
    ...extensions(entry),
  };
}

/** Parses an RSS 2.0 or Atom document into its postings and the next page (Atom paging). */
export async function parseFeed(body: string): Promise<{ postings: RawPosting[]; next: string | null }> {
  // Entity declarations are how XML bombs and external-entity reads work; feeds never declare any.
  if (/<!ENTITY/i.test(body)) throw new FeedError("the feed declares XML entities, which are refused");
  const { XMLParser, XMLValidator } = await loadXmlParser();
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new FeedError(`the response is not valid XML (${valid.err.msg.slice(0, 120)}, line ${valid.err.line})`);
  }
  let doc: unknown;
  try {
    doc = new XMLParser(PARSER_OPTIONS).parse(body);
  } catch (err) {
    throw new FeedError(
      `the response is not valid XML (${err instanceof Error ? err.message.slice(0, 120) : "parse error"})`,
    );
  }
  if (!isNode(doc)) throw new FeedError("the response is not an RSS or Atom feed");
  const rss = doc.rss;
  if (isNode(rss) && isNode(rss.channel)) {
    const items = Array.isArray(rss.channel.item) ? rss.channel.item.filter(isNode) : [];
    return { postings: items.map(rssItem), next: null };
  }
  const feed = doc.feed;
  if (isNode(feed)) {
    const entries = Array.isArray(feed.entry) ? feed.entry.filter(isNode) : [];
    return { postings: entries.map(atomEntry), next: atomLink(feed.link, "next") };
  }
  throw new FeedError("the response is not an RSS or Atom feed");
}

export const feed: Adapter<z.infer<typeof Config>, null> = {
  kind: "feed",
  config: Config,
  credentials: null,
  companyOf: (c) => (c.company_name ? { name: c.company_name, website: c.company_website ?? null } : null),
  firstPage: ({ config }) => ({
    url: config.url,
    headers: { Accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8" },
    page: 1,
  }),
  async parse(body, request) {
    const { postings, next } = await parseFeed(body);
    if (!next) return { postings, next: null };
    let url: string;
    try {
      url = new URL(next, request.url).toString();
    } catch {
      throw new FeedError("the feed's next-page link is not a valid URL");
    }
    // A feed linking to itself would loop until the page cap; it is simply the last page.
    return { postings, next: url === request.url ? null : { url, page: request.page + 1 } };
  },
};
