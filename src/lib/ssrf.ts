/**
 * Server-side request forgery guard for URLs the Worker fetches on a user's
 * behalf (webhook endpoints). A URL passes when it is `https:` (plain `http:`
 * only in local mode), has no credentials, and names a public host: no
 * loopback, private, link-local (cloud metadata lives at 169.254.169.254),
 * carrier-grade NAT, multicast, documentation or reserved addresses, and no
 * `localhost`/`.local`/`.internal`-style names. IP literals are read after the
 * WHATWG URL parser normalised them, so `http://0x7f.1/` and
 * `http://2130706433/` are seen as 127.0.0.1. Callers also fetch with
 * `redirect: "manual"`, so a public URL cannot bounce the request inward.
 * Local mode (development only) allows `http:`, loopback and private hosts,
 * but still never link-local or metadata targets.
 *
 * DNS names are not resolved here (Workers have no resolver API); production
 * Workers cannot reach private networks through `fetch` anyway.
 */

export interface UrlCheckOptions {
  /** Local development only: also allow `http:` and loopback/private hosts (e2e receivers on 127.0.0.1). */
  allowLocal?: boolean;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const BLOCKED_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan", ".intranet"];
const BLOCKED_NAMES = new Set(["localhost", "localhost.localdomain", "metadata", "metadata.google.internal"]);

/** Is the URL acceptable as a target for outgoing requests? Returns the parsed URL or the reason it is refused. */
export function checkOutboundUrl(raw: string, options: UrlCheckOptions = {}): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "is not a valid absolute URL" };
  }
  const local = options.allowLocal === true;
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    return { ok: false, reason: local ? "must use http or https" : "must use https" };
  }
  if (url.username || url.password) return { ok: false, reason: "must not contain credentials" };
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host === "") return { ok: false, reason: "must name a host" };
  if (local) {
    // Loopback and private receivers are fine locally; cloud metadata never is.
    const v4local = parseIpv4(host);
    const linkLocal =
      (v4local !== null && v4local[0] === 169 && v4local[1] === 254) || /^\[fe[89ab][0-9a-f]?:/.test(host);
    if (linkLocal || (BLOCKED_NAMES.has(host) && host.startsWith("metadata"))) {
      return { ok: false, reason: "must not target a link-local or metadata address" };
    }
    return { ok: true, url };
  }

  if (host.startsWith("[")) {
    return isPublicIpv6(host.slice(1, -1))
      ? { ok: true, url }
      : { ok: false, reason: "must not target a private, loopback or link-local address" };
  }
  const v4 = parseIpv4(host);
  if (v4) {
    return isPublicIpv4(v4)
      ? { ok: true, url }
      : { ok: false, reason: "must not target a private, loopback or link-local address" };
  }
  if (BLOCKED_NAMES.has(host) || BLOCKED_SUFFIXES.some((s) => host.endsWith(s))) {
    return { ok: false, reason: "must not target a local host name" };
  }
  if (!host.includes(".")) return { ok: false, reason: "must use a fully qualified host name" };
  return { ok: true, url };
}

function parseIpv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

/** [network, prefix length] of every IPv4 range that is not the public internet. */
const PRIVATE_V4: [number[], number][] = [
  [[0, 0, 0, 0], 8], // "this" network
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8], // loopback
  [[169, 254, 0, 0], 16], // link-local, cloud metadata
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24],
  [[192, 0, 2, 0], 24], // documentation
  [[192, 88, 99, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

const toInt = (p: number[]) => (((p[0] ?? 0) << 24) | ((p[1] ?? 0) << 16) | ((p[2] ?? 0) << 8) | (p[3] ?? 0)) >>> 0;

function isPublicIpv4(parts: number[]): boolean {
  const ip = toInt(parts);
  return !PRIVATE_V4.some(([net, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (ip & mask) >>> 0 === (toInt(net) & mask) >>> 0;
  });
}

/** Expands an IPv6 literal (as the URL parser prints it: hex only, `::` at most once) to 8 hextets; null otherwise. */
function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-f:]+$/.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string | undefined) => (h ? h.split(":").map((x) => Number.parseInt(x, 16)) : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const all = [...head, ...Array<number>(fill).fill(0), ...rest];
  return all.length === 8 && all.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? all : null;
}

/**
 * Only global unicast (2000::/3) passes, minus documentation (2001:db8::/32),
 * Teredo (2001::/32) and 6to4 (2002::/16, which embeds an IPv4 address).
 * Loopback, unspecified, IPv4-mapped, NAT64, unique-local, link-local and
 * multicast are all outside 2000::/3.
 */
function isPublicIpv6(text: string): boolean {
  const h = parseIpv6(text);
  if (!h) return false;
  const [a = 0, b = 0] = h;
  if ((a & 0xe000) !== 0x2000) return false;
  if (a === 0x2001 && (b === 0x0db8 || b === 0)) return false;
  if (a === 0x2002) return false;
  return true;
}
