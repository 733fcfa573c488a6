/**
 * Generated from the app's route table, so a new route is covered the day it
 * is added: every route declares its access, authentication comes before
 * validation, and API-key scopes are enforced on every scoped route.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import type { Access } from "../src/http/access";
import { API_KEY_SCOPES, type Scope } from "../src/http/scopes";
import type { Role } from "../src/platform/env";
import { makeApiKey, type Session, signedIn } from "./factories";
import { call } from "./helpers/http";
import { hasBody, type RouteEntry, routeTable, sampleUrl } from "./helpers/route-table";

const routes = await routeTable();
const INVALID_QUERY = "?limit=-1&cursor=&__unknown=1";
const INVALID_BODY = { __unknown: true, email: 42, title: "" };

/** Sends the request the way a client would and returns the status and problem slug (if any). */
async function send(route: RouteEntry, token?: string, query = INVALID_QUERY) {
  const res = await call(route.method, sampleUrl(route, query), {
    token,
    ...(hasBody(route.method) ? { body: INVALID_BODY } : {}),
  });
  const type = (res.headers.get("Content-Type") ?? "").startsWith("application/problem+json")
    ? ((await res.json()) as { type: string }).type
    : "";
  if (!type) await res.body?.cancel();
  return { status: res.status, slug: type.split("/").pop() ?? "" };
}

/** An API key inserted directly (the HTTP endpoint allows 20 per user; the matrix needs more). */
async function keyWith(userId: string, scopes: readonly Scope[]): Promise<string> {
  return (await makeApiKey(userId, scopes)).key;
}

const isPublic = (a: Access): a is { public: true } => "public" in a;
const isOptional = (a: Access): a is { optional: true; scope: Scope } => "optional" in a;
const isSession = (a: Access): a is { session: true; roles?: readonly Role[] } => "session" in a;
const scopeOf = (a: Access): Scope | null => ("scope" in a ? a.scope : null);
const rolesOf = (a: Access): readonly Role[] | undefined => ("roles" in a ? a.roles : undefined);
const label = (r: RouteEntry) => `${r.method} ${r.path}`;

describe("route access declarations", () => {
  it("every route of the app declares its access, as its first handler", () => {
    expect(routes.length).toBeGreaterThan(140);
    const undeclared = routes.filter((r) => r.access === undefined).map(label);
    expect(undeclared).toEqual([]);
  });

  it("every declared scope is in the vocabulary, and every scope guards some route", () => {
    const used = new Set(routes.map((r) => (r.access ? scopeOf(r.access) : null)).filter((s) => s !== null));
    for (const s of used) expect(API_KEY_SCOPES).toContain(s);
    expect([...used].sort()).toEqual([...API_KEY_SCOPES].sort());
  });

  it("the OpenAPI document states each operation's security, 401 and 403", async () => {
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request("http://api.test/openapi.json"), env, ctx);
    await waitOnExecutionContext(ctx);
    // biome-ignore lint/suspicious/noExplicitAny: the document is walked generically
    const doc = (await res.json()) as any;
    const scopesDoc: string = doc.components.securitySchemes.apiKeyAuth.description;
    for (const s of API_KEY_SCOPES) expect(scopesDoc).toContain(`\`${s}\``);
    for (const r of routes) {
      const op = doc.paths[r.openApiPath]?.[r.method.toLowerCase()];
      expect(op, label(r)).toBeDefined();
      const a = r.access as Access;
      if (isPublic(a)) {
        expect(op.security, label(r)).toEqual([]);
        continue;
      }
      expect(op.responses["401"], label(r)).toBeDefined();
      const scope = scopeOf(a);
      if (isSession(a)) expect(op.security).toEqual([{ bearerAuth: [] }]);
      else expect(op.security, label(r)).toContainEqual({ apiKeyAuth: scope === null ? [] : [scope] });
      expect(op.security, label(r)).toContainEqual({ bearerAuth: [] });
      if (isOptional(a)) {
        expect(op.security[0], label(r)).toEqual({});
        expect(op.description, label(r)).toContain("invalid-token");
      }
      if (scope !== null || isSession(a) || rolesOf(a)?.length) expect(op.responses["403"], label(r)).toBeDefined();
    }
  });
});

describe("authentication before validation", () => {
  const protectedRoutes = routes.filter((r) => r.access && !isPublic(r.access) && !isOptional(r.access));

  it("anonymous requests with invalid params, query and body get 401 on every protected route", async () => {
    expect(protectedRoutes.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const r of protectedRoutes) {
      const { status, slug } = await send(r);
      if (status !== 401) wrong.push(`${label(r)} → ${status} ${slug}`);
    }
    expect(wrong).toEqual([]);
  });

  it("a bad token is 401 invalid-token on protected and optional routes, never read on public ones", async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const { status, slug } = await send(r, "garbage.not-a.jwt");
      const a = r.access as Access;
      if (isPublic(a) ? slug === "invalid-token" : status !== 401 || slug !== "invalid-token") {
        wrong.push(`${label(r)} → ${status} ${slug}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("API-key scopes, every scope × every route", () => {
  it("a key without the route's scope is 403 insufficient-scope; a key with it gets past authorization", async () => {
    const users: Partial<Record<Role, Session>> = {};
    const userFor = async (role: Role) => {
      users[role] ??= await signedIn({ role });
      return users[role];
    };
    const keys = new Map<string, string>();
    const keyFor = async (role: Role, scopes: readonly Scope[]) => {
      const id = `${role} ${scopes.join(",")}`;
      let key = keys.get(id);
      if (!key) {
        key = await keyWith((await userFor(role)).user.id, scopes);
        keys.set(id, key);
      }
      return key;
    };
    const wrong: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const a = r.access as Access;
      const scope = scopeOf(a);
      if (isPublic(a) || isSession(a) || scope === null) continue;
      const role = rolesOf(a)?.[0] ?? "seeker";
      // Every other scope together still is not enough: so no single other scope is.
      const without = await send(
        r,
        await keyFor(
          role,
          API_KEY_SCOPES.filter((s) => s !== scope),
        ),
      );
      if (without.status !== 403 || without.slug !== "insufficient-scope") {
        wrong.push(`${label(r)} without ${scope} → ${without.status} ${without.slug}`);
      }
      const withIt = await send(r, await keyFor(role, [scope]));
      if (withIt.status === 401 || ["insufficient-scope", "forbidden-role", "session-required"].includes(withIt.slug)) {
        wrong.push(`${label(r)} with ${scope} → ${withIt.status} ${withIt.slug}`);
      }
      checked += 1;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("session-only routes refuse even a key with every scope (403 session-required); identity routes take any key", async () => {
    const s = await signedIn({ role: "admin" });
    const everything = await keyWith(s.user.id, API_KEY_SCOPES);
    const one = await keyWith(s.user.id, ["jobs:read"]);
    const wrong: string[] = [];
    for (const r of routes) {
      const a = r.access as Access;
      if (isSession(a)) {
        const res = await send(r, everything);
        if (res.status !== 403 || res.slug !== "session-required")
          wrong.push(`${label(r)} → ${res.status} ${res.slug}`);
      } else if (!isPublic(a) && scopeOf(a) === null && !isOptional(a)) {
        const res = await send(r, one, "");
        if (res.status === 401 || res.status === 403) wrong.push(`${label(r)} → ${res.status} ${res.slug}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("roles are checked in the declaration, before validation (403 forbidden-role)", async () => {
    const seeker = await signedIn({ role: "seeker" });
    const wrong: string[] = [];
    for (const r of routes) {
      const a = r.access as Access;
      const roles = rolesOf(a);
      if (!roles || roles.includes("seeker")) continue;
      const res = await send(r, seeker.token);
      if (res.status !== 403 || res.slug !== "forbidden-role") wrong.push(`${label(r)} → ${res.status} ${res.slug}`);
    }
    expect(wrong).toEqual([]);
  });
});
