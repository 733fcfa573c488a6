import type { Context } from "hono";

/** The client IP as Cloudflare reports it. */
export function clientIp(c: Context): string | null {
  // Set by Cloudflare's edge (clients cannot spoof it there); absent under some local setups.
  return c.req.header("CF-Connecting-IP") ?? null;
}

/**
 * A coarse hint of where a login came from: the /24 of an IPv4 address or the
 * /48 of an IPv6 one. Enough to recognise "my home network", not to locate anyone.
 */
export function ipHint(ip: string | null): string | null {
  if (!ip) return null;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  if (ip.includes(":")) {
    const groups = ip.split(":").filter((g, i, all) => g !== "" || (i > 0 && i < all.length - 1));
    return `${groups.slice(0, 3).join(":")}::/48`;
  }
  return null;
}

export function userAgent(c: Context): string | null {
  const ua = c.req.header("User-Agent");
  return ua ? ua.slice(0, 256) : null;
}
