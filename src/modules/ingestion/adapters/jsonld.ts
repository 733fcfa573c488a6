/**
 * Career pages that publish schema.org `JobPosting` JSON-LD (what Google for
 * Jobs reads): the admin configures one to ten page URLs (`https`, SSRF-checked
 * when saved and on every fetch and redirect hop); each is one "page" of the
 * run, fetched with the bounded fetcher. `HTMLRewriter` (workerd's streaming
 * HTML parser) collects the `<script type="application/ld+json">` blocks;
 * `JobPosting` objects are found at the top level, in arrays and in `@graph`
 * (other types — Organization, BreadcrumbList, WebSite — are ignored).
 *
 * Malformed blocks: a block that is not valid JSON is skipped (pages often
 * carry broken JSON-LD from unrelated widgets), unless the page yields no
 * posting at all, in which case the run fails rather than letting every job of
 * the source expire because of one broken page. A `JobPosting` without a title
 * fails the run (a wrong-typed payload, as with the other sources).
 */
import { z } from "zod";
import { decodeEntities } from "../html";
import { type Adapter, FeedError, type PageRequest, type RawPosting, sourceUrl } from "./types";

const Config = z
  .object({
    urls: z.array(sourceUrl).min(1).max(10),
    /** The employer of postings whose JSON-LD names no `hiringOrganization`. */
    company_name: z.string().trim().min(1).max(200).optional(),
    company_website: z.url().max(500).optional(),
  })
  .strict();

const MAX_BLOCKS = 100;
const MAX_BLOCK_CHARS = 1_000_000;
const MAX_DEPTH = 8;
const MAX_DESCRIPTION = 500_000;

/** The text of every JSON-LD script of a page (at most MAX_BLOCKS, each at most MAX_BLOCK_CHARS). */
export async function jsonLdBlocks(html: string): Promise<string[]> {
  const blocks: string[] = [];
  let current: string[] | null = null;
  let size = 0;
  // Handlers record the first limit hit instead of throwing through the rewriter (which wraps errors).
  let failure: string | null = null;
  const rewriter = new HTMLRewriter().on("script[type]", {
    element(el) {
      const type = (el.getAttribute("type") ?? "").trim().toLowerCase();
      if (!type.startsWith("application/ld+json")) {
        current = null;
        return;
      }
      if (blocks.length >= MAX_BLOCKS) {
        failure ??= `the page has more than ${MAX_BLOCKS} JSON-LD blocks`;
        current = null;
        return;
      }
      const parts: string[] = [];
      current = parts;
      size = 0;
      el.onEndTag(() => {
        if (current === parts) blocks.push(parts.join(""));
        current = null;
      });
    },
    text(chunk) {
      if (!current) return;
      size += chunk.text.length;
      if (size > MAX_BLOCK_CHARS) {
        failure ??= `a JSON-LD block is larger than ${MAX_BLOCK_CHARS} characters`;
        current = null;
        return;
      }
      current.push(chunk.text);
    },
  });
  try {
    await rewriter.transform(new Response(html)).text();
  } catch {
    throw new FeedError("the page could not be read as HTML");
  }
  if (failure) throw new FeedError(failure);
  return blocks;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

const isJobPosting = (node: Node) => {
  const t = node["@type"];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === "string" && /^(?:(?:https?:\/\/)?schema\.org\/|schema:)?JobPosting$/.test(x));
};

/** Every JobPosting object in a JSON-LD value (arrays, `@graph`, nested at most MAX_DEPTH). */
function collect(value: unknown, out: Node[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
    return;
  }
  if (!isNode(value)) return;
  if (isJobPosting(value)) {
    out.push(value);
    return;
  }
  if (value["@graph"] !== undefined) collect(value["@graph"], out, depth + 1);
}

/** A string (or number) field as trimmed text; entity references some CMSs leave in are decoded. */
function str(v: unknown, max = 500): string | null {
  const x = first(v);
  const s = typeof x === "string" ? x : typeof x === "number" && Number.isFinite(x) ? String(x) : null;
  if (s === null) return null;
  const out = decodeEntities(s).replace(/\s+/g, " ").trim();
  return out ? out.slice(0, max) : null;
}

function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v.replace(/[,\s]/g, ""));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A URL field (string or `{ "@id" | url }`), resolved against the page and kept only when http(s). */
function link(v: unknown, base: string): string | null {
  const x = first(v);
  const raw = typeof x === "string" ? x : isNode(x) ? (str(x.url, 2000) ?? str(x["@id"], 2000)) : null;
  if (!raw) return null;
  try {
    const u = new URL(raw.trim(), base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

/** `identifier`: text, a number or a PropertyValue (`{ name, value }`). */
function identifier(v: unknown): string | null {
  const x = first(v);
  return isNode(x) ? (str(x.value, 200) ?? str(x["@id"], 200)) : str(x, 200);
}

function place(v: unknown) {
  const p = first(v);
  const address = isNode(p) ? first(p.address) : null;
  // `Place.geo` (`GeoCoordinates`): numbers or numeric text.
  const geo = isNode(p) ? first(p.geo) : null;
  const coords = isNode(geo) ? { lat: num(geo.latitude), lng: num(geo.longitude) } : { lat: null, lng: null };
  if (typeof address === "string")
    return { location: str(address), city: null, region: null, country: null, ...coords };
  if (!isNode(address))
    return { location: isNode(p) ? str(p.name) : null, city: null, region: null, country: null, ...coords };
  const country = isNode(address.addressCountry) ? str(address.addressCountry.name) : str(address.addressCountry, 100);
  const city = str(address.addressLocality, 200);
  const region = str(address.addressRegion, 200);
  return { location: [city, region, country].filter(Boolean).join(", ") || null, city, region, country, ...coords };
}

function salary(v: unknown): RawPosting["salary"] {
  const amount = first(v);
  if (!isNode(amount)) return null;
  const value = first(amount.value);
  const q = isNode(value) ? value : null;
  const exact = q ? num(q.value) : num(value);
  const min = q ? (num(q.minValue) ?? exact) : exact;
  const max = q ? (num(q.maxValue) ?? exact) : exact;
  if (min === null && max === null) return null;
  return { min, max, currency: str(amount.currency, 10), period: q ? str(q.unitText, 20) : null };
}

/** `validThrough`; a bare date (`2027-01-31`) means through the end of that day (UTC). */
function deadline(raw: string | null): number | null {
  const at = Date.parse(raw ?? "");
  if (!Number.isFinite(at)) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(raw ?? "") ? at + 86_400_000 - 1 : at;
}

function posting(node: Node, pageUrl: string, index: number): RawPosting {
  // Only text is a title (`"title": 42` is a wrong-typed payload, not a job called "42").
  const title =
    typeof node.title === "string" ? str(node.title) : typeof node.name === "string" ? str(node.name) : null;
  if (!title) throw new FeedError(`JobPosting ${index + 1} on ${pageUrl} has no title`);
  const rawDescription = typeof node.description === "string" ? node.description : "";
  if (rawDescription.length > MAX_DESCRIPTION) {
    throw new FeedError(`JobPosting ${index + 1} on ${pageUrl} has an oversized description`);
  }
  // Some CMSs entity-escape the HTML inside the JSON string (`&lt;p&gt;`): decode that layer once.
  const description = /<[a-z!/]/i.test(rawDescription) ? rawDescription : decodeEntities(rawDescription);
  const url = link(node.url, pageUrl);
  const org = first(node.hiringOrganization);
  const company = isNode(org) ? str(org.name, 200) : str(org, 200);
  const website = isNode(org) ? (link(org.sameAs, pageUrl) ?? link(org.url, pageUrl)) : null;
  const loc = place(node.jobLocation);
  const locationTypes = (Array.isArray(node.jobLocationType) ? node.jobLocationType : [node.jobLocationType]).map(
    (t) => (typeof t === "string" ? t.toUpperCase() : ""),
  );
  const remote = locationTypes.includes("TELECOMMUTE") ? true : null;
  // Several types (`["PART_TIME", "CONTRACTOR"]`): the first listed is the job's type.
  const employment = str(node.employmentType, 100);
  return {
    externalId: identifier(node.identifier) ?? url ?? `${pageUrl}#${title}`,
    title,
    company,
    companyWebsite: website,
    url,
    applyUrl: url ?? pageUrl,
    applyUrlShared: url === null,
    description,
    descriptionIsHtml: true,
    ...loc,
    location: loc.location ?? (remote ? "Remote" : null),
    remote,
    employmentType: employment || null,
    department: str(node.occupationalCategory, 200) ?? str(node.industry, 200),
    salary: salary(node.baseSalary),
    postedAt: Date.parse(str(node.datePosted, 100) ?? "") || null,
    validThrough: deadline(str(node.validThrough, 100)),
  };
}

/** The JobPostings of one career page. */
export async function parseCareerPage(html: string, pageUrl: string): Promise<RawPosting[]> {
  const nodes: Node[] = [];
  let malformed = 0;
  for (const block of await jsonLdBlocks(html)) {
    let value: unknown;
    try {
      value = JSON.parse(block);
    } catch {
      malformed++;
      continue;
    }
    collect(value, nodes);
  }
  if (nodes.length === 0 && malformed > 0) {
    throw new FeedError(`${pageUrl} has no readable JobPosting (${malformed} malformed JSON-LD block(s))`);
  }
  return nodes.map((n, i) => posting(n, pageUrl, i));
}

const pageOf = (urls: readonly string[], page: number): PageRequest | null => {
  const url = urls[page - 1];
  return url ? { url, headers: { Accept: "text/html, application/xhtml+xml;q=0.9" }, page } : null;
};

export const jsonld: Adapter<z.infer<typeof Config>, null> = {
  kind: "jsonld",
  config: Config,
  credentials: null,
  companyOf: (c) => (c.company_name ? { name: c.company_name, website: c.company_website ?? null } : null),
  conditional: (c) => c.urls.length === 1,
  firstPage: ({ config }) => pageOf(config.urls, 1) ?? { url: config.urls[0] ?? "", page: 1 },
  async parse(body, request, { config }) {
    return { postings: await parseCareerPage(body, request.url), next: pageOf(config.urls, request.page + 1) };
  },
};
