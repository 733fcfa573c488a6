/**
 * One auth matrix for every owner-scoped route (after unkey's
 * `runCommonRouteTests`): a case says how to build the request from fixture
 * ids, which role may call it, and how to make a resource owned by a given
 * user; `checkRouteAuth` then proves, in this order,
 *
 * 1. anonymous → 401,
 * 2. a signed-in user of a role the route refuses → 403 (`forbidden-role`),
 * 3. a user of the right role who does not own the resource → 404 (the
 *    resource's existence is not disclosed),
 * 4. the owner → the happy status (2xx),
 *
 * with the happy path last, since it may delete the resource.
 */
import { expect } from "vitest";
import type { Role } from "../../src/platform/env";
import { type Session, signedIn } from "../factories";
import { call } from "./http";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteAuthCase<F> {
  method: Method;
  /** OpenAPI form, e.g. `/api/v1/jobs/{id}`: checked against the app's route table. */
  route: string;
  /** The concrete path for a fixture. */
  path: (f: F) => string;
  body?: (f: F) => unknown;
  /** The role the owner has; strangers get the same role. */
  role: Role;
  /** A role the route refuses outright (403); omit when every role may call it. */
  wrongRole?: Role;
  /**
   * A resource owned by `owner` (signed in with `role`). Called once: the
   * stranger is a second user of the same role who owns nothing of it.
   */
  setup: (owner: Session) => Promise<F>;
  /** What the owner gets (default: 200). */
  status?: number;
  /**
   * What a non-owner gets when it is not 404, with the reason (for example an
   * admin route, where any admin may act): `null` skips the check.
   */
  stranger?: { status: number | null; why: string };
}

export const label = (c: { method: string; route: string }) => `${c.method} ${c.route}`;

async function send<F>(c: RouteAuthCase<F>, f: F, token?: string) {
  const res = await call(c.method, c.path(f), { token, body: c.body?.(f) });
  // Downloads (PDF, iCalendar) are not JSON: only a problem+json body has a slug.
  const problem = res.headers.get("Content-Type")?.includes("json") ? ((await res.json()) as { type?: unknown }) : null;
  if (!problem) await res.body?.cancel();
  return { status: res.status, slug: typeof problem?.type === "string" ? (problem.type.split("/").pop() ?? "") : "" };
}

/** Runs the four checks for one case; throws with every mismatch listed. */
export async function checkRouteAuth<F>(c: RouteAuthCase<F>): Promise<void> {
  const owner = await signedIn({ role: c.role });
  const stranger = await signedIn({ role: c.role });
  const f = await c.setup(owner);
  const wrong: string[] = [];
  const want = (what: string, got: { status: number; slug: string }, status: number, slug?: string) => {
    if (got.status !== status || (slug && got.slug !== slug)) {
      wrong.push(`${what}: expected ${status}${slug ? ` ${slug}` : ""}, got ${got.status} ${got.slug}`);
    }
  };

  want("anonymous", await send(c, f), 401);
  if (c.wrongRole) {
    const other = await signedIn({ role: c.wrongRole });
    want(`as ${c.wrongRole}`, await send(c, f, other.token), 403, "forbidden-role");
  }
  const strangerStatus = c.stranger ? c.stranger.status : 404;
  if (strangerStatus !== null) want("another owner's resource", await send(c, f, stranger.token), strangerStatus);
  want("owner", await send(c, f, owner.token), c.status ?? 200);

  expect(wrong, label(c)).toEqual([]);
}

/** A typed case (lets each case infer its own fixture type inside a mixed list). */
export function routeCase<F>(c: RouteAuthCase<F>): RouteAuthCase<F> {
  return c;
}
