/**
 * Rate limits, from the app's route table: one `rateLimit(rule)` factory
 * (src/http/rate-limit.ts), attached only through a route's `middleware:`;
 * the OpenAPI document states a `429` exactly where a rule applies, and every
 * limited route answers with the same RateLimit headers.
 */
/// <reference types="vite/client" />
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { bodyLimitOf } from "../src/http/middleware/body-limit";
import { type RateLimitRule, rateLimitOf } from "../src/http/rate-limit";
import { signedIn } from "./factories";
import { call } from "./helpers/http";
import { hasBody, type RouteEntry, routeTable } from "./helpers/route-table";

type Rule = Pick<RateLimitRule, "name" | "binding" | "limit" | "periodSeconds">;
const ip = (name: string): Rule => ({ name: `${name}:ip`, binding: "RL_AUTH", limit: 10, periodSeconds: 60 });
const acct = (name: string, binding: "RL_ACCOUNT" | "RL_EMAIL", limit: number): Rule => ({
  name: `${name}:acct`,
  binding,
  limit,
  periodSeconds: 60,
});
const upload: Rule = { name: "upload:user", binding: "RL_AUTH", limit: 10, periodSeconds: 60 };
/** Per user and thread (the key is `user:application`). */
const messages: Rule = { name: "messages:post", binding: "RL_ACCOUNT", limit: 10, periodSeconds: 60 };
/** Per user: checkout and portal calls reach Stripe's API. */
const billing: Rule = { name: "billing:user", binding: "RL_ACCOUNT", limit: 10, periodSeconds: 60 };

/** Every rate-limited route, its rules in order, and who can call it (the numbers match wrangler.toml). */
const LIMITED: Record<string, { rules: Rule[]; role?: "seeker" | "employer" }> = {
  "POST /api/v1/auth/register": { rules: [ip("register"), acct("register", "RL_EMAIL", 3)] },
  "POST /api/v1/auth/login": { rules: [ip("login"), acct("login", "RL_ACCOUNT", 10)] },
  "POST /api/v1/auth/verify-email/resend": { rules: [ip("resend"), acct("resend", "RL_EMAIL", 3)] },
  "POST /api/v1/auth/password/forgot": { rules: [ip("forgot"), acct("forgot", "RL_EMAIL", 3)] },
  "PUT /api/v1/profile/avatar": { rules: [upload], role: "seeker" },
  "POST /api/v1/resumes": { rules: [upload], role: "seeker" },
  "POST /api/v1/resumes/build": { rules: [upload], role: "seeker" },
  "POST /api/v1/applications/:id/messages": { rules: [messages], role: "seeker" },
  "POST /api/v1/applications/:id/messages/attachments": { rules: [upload, messages], role: "seeker" },
  "POST /api/v1/companies/:id/billing/checkout": { rules: [billing], role: "employer" },
  "POST /api/v1/companies/:id/billing/portal": { rules: [billing], role: "employer" },
  "POST /api/v1/realtime/ticket": {
    rules: [{ name: "realtime-ticket", binding: "RL_API", limit: 600, periodSeconds: 60 }],
    role: "seeker",
  },
};

const routes = await routeTable();
const label = (r: RouteEntry) => `${r.method} ${r.path}`;
const rulesOf = (r: RouteEntry) =>
  r.handlers.flatMap((h) => {
    const rule = rateLimitOf(h);
    return rule
      ? [{ name: rule.name, binding: rule.binding, limit: rule.limit, periodSeconds: rule.periodSeconds }]
      : [];
  });

describe("rate limits", () => {
  it("are declared on exactly these routes, with these rules, as route middleware", () => {
    const found = Object.fromEntries(routes.flatMap((r) => (rulesOf(r).length ? [[label(r), rulesOf(r)]] : [])));
    expect(found).toEqual(Object.fromEntries(Object.entries(LIMITED).map(([k, v]) => [k, v.rules])));
  });

  it("run after the route's access check (the first handler), and a body-keyed rule after the body cap", () => {
    for (const r of routes.filter((r) => rulesOf(r).length)) {
      expect(r.access, label(r)).toBeDefined();
      expect(rateLimitOf(r.handlers[0])).toBeUndefined();
      const cap = r.handlers.findIndex((h) => bodyLimitOf(h) !== undefined);
      for (const [i, h] of r.handlers.entries()) {
        const rule = rateLimitOf(h);
        if (rule) expect(rule.readsBody === true ? i > cap : i < cap, `${label(r)} ${rule.name}`).toBe(true);
      }
    }
  });

  it("only src/http/rate-limit.ts calls a rate-limit binding", () => {
    const sources = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });
    const callers = Object.entries(sources)
      .filter(([, text]) => /\.limit\(\s*\{\s*key/.test(text) || /\bRL_[A-Z]+\s*\.\s*limit\(/.test(text))
      .map(([path]) => path);
    expect(callers).toEqual(["../src/http/rate-limit.ts"]);
  });

  it("the OpenAPI document states a 429 on exactly the limited routes", async () => {
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request("http://api.test/openapi.json"), env, ctx);
    await waitOnExecutionContext(ctx);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    const with429 = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        op.responses?.["429"] ? [`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`] : [],
      ),
    );
    expect(with429.sort()).toEqual(Object.keys(LIMITED).sort());
  });

  it.each(Object.entries(LIMITED))("%s answers with the RateLimit headers of its rule", async (key, spec) => {
    const [method = "", path = ""] = key.split(" ");
    const token = spec.role ? (await signedIn({ role: spec.role })).token : undefined;
    // No `email` in the body: the per-account rule does not count it, so the headers describe the first rule.
    const res = await call(method, path, { token, ...(hasBody(method) ? { body: {} } : {}) });
    await res.body?.cancel();
    const [rule] = spec.rules;
    expect(rule).toBeDefined();
    if (!rule) return;
    expect(res.headers.get("RateLimit-Limit")).toBe(String(rule.limit));
    expect(res.headers.get("RateLimit-Remaining")).toMatch(/^\d+$/);
    expect(res.headers.get("RateLimit-Reset")).toBe(String(rule.periodSeconds));
    expect(res.headers.get("RateLimit-Policy")).toBe(`${rule.limit};w=${rule.periodSeconds}`);
  });
});
