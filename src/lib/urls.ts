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
