/**
 * Endpoint URL rules: `checkOutboundUrl` (src/lib/ssrf.ts) in strict mode,
 * except in local development with `WEBHOOKS_ALLOW_LOCAL_URLS=true` (set in
 * .dev.vars, never in wrangler.toml), where `http:` and loopback receivers
 * are allowed so the end-to-end suite can listen on 127.0.0.1.
 */
import { badRequest } from "../../http/problem";
import { checkOutboundUrl } from "../../lib/ssrf";
import { isDevelopment } from "../../platform/env";

export type UrlEnv = Pick<Env, "ENVIRONMENT"> & { WEBHOOKS_ALLOW_LOCAL_URLS?: string };

export function allowLocalUrls(env: UrlEnv): boolean {
  return isDevelopment(env) && env.WEBHOOKS_ALLOW_LOCAL_URLS === "true";
}

/** The URL, normalised, or `400` naming the rule it breaks. */
export function requireEndpointUrl(env: UrlEnv, raw: string): string {
  const check = checkOutboundUrl(raw, { allowLocal: allowLocalUrls(env) });
  if (!check.ok)
    throw badRequest("The endpoint URL is not allowed.", [{ path: "url", message: `URL ${check.reason}` }]);
  return check.url.toString();
}
