/**
 * Absolute links into the app. PUBLIC_APP_URL may carry a path prefix
 * (`https://example.com/jobs-app/`), which `new URL(path, base)` would drop for
 * an absolute path: join the strings instead.
 */

/** `base` (trailing slashes ignored) followed by the app-relative `path` (query and hash kept as given). */
export function joinUrl(base: string, path: string): string {
  const root = base.replace(/\/+$/, "");
  if (path === "" || path === "/") return `${root}/`;
  return path.startsWith("/") || path.startsWith("?") || path.startsWith("#") ? `${root}${path}` : `${root}/${path}`;
}

/** An absolute URL of the app (PUBLIC_APP_URL) for an app-relative path such as `/jobs/1/go-dev`. */
export function appUrl(env: { PUBLIC_APP_URL: string }, path: string): string {
  return joinUrl(env.PUBLIC_APP_URL, path);
}

/**
 * The host a website is matched on: lower-case, without `www.` and a trailing dot
 * (`https://www.Acme.com/jobs` → `acme.com`); null for anything that is not an http(s) URL.
 */
export function websiteDomain(website: string | null | undefined): string | null {
  if (!website) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(website) ? website : `https://${website}`);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const host = url.hostname
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^www\./, "");
  return host.includes(".") ? host : null;
}
