import { createMiddleware } from "hono/factory";
import { secretProblems } from "../../lib/secrets";
import type { AppEnv } from "../../platform/env";
import { ApiError } from "../problem";

/**
 * Refuses to serve with `503 misconfigured` while a required secret is missing
 * or too short, instead of failing later with a `500` deep inside a login.
 * Checked per request, never at module scope (the env only exists then), and
 * memoised per env object, so the cost is one WeakMap lookup. The first
 * refused request of an env logs one line naming the secrets (never values).
 */
const checked = new WeakMap<object, string | null>();

export const requireSecrets = createMiddleware<AppEnv>(async (c, next) => {
  let detail = checked.get(c.env);
  if (detail === undefined) {
    const problems = secretProblems(c.env);
    detail = problems.length ? `The server is misconfigured: ${problems.join("; ")}.` : null;
    checked.set(c.env, detail);
    if (detail) console.error(JSON.stringify({ level: "error", msg: "misconfigured", detail }));
  }
  if (detail) throw new ApiError(503, "misconfigured", detail);
  await next();
});
