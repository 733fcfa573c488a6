/**
 * The e2e suite's HTTP client: plain fetch against the running server, every
 * response checked against the served /openapi.json (see openapi.ts), plus the
 * few steps every flow needs (register + verify by the dev mailbox, log in,
 * poll for asynchronous effects).
 *
 * Rate limits: the auth endpoints are limited per client IP (CF-Connecting-IP).
 * Cloudflare's edge sets that header in production, so clients cannot choose
 * it there; `wrangler dev` passes it through, so each test user here acts from
 * its own address, as distinct real users would. The limits are untouched.
 */
import { randomBytes, randomInt } from "node:crypto";
import { expect, inject } from "vitest";
import { OpenApiChecker } from "./openapi";

export const base = inject("baseUrl");

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked against the OpenAPI schema at runtime
type Json = any;

export interface Res {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/** Who makes a request: an access token and the client address it comes from. */
export interface Actor {
  token?: string;
  ip: string;
}

export interface User extends Actor {
  token: string;
  id: string;
  email: string;
  password: string;
  username: string;
  role: "seeker" | "employer" | "admin";
}

export interface RequestOptions {
  as?: Actor;
  json?: unknown;
  form?: FormData;
  /** A raw body; set its Content-Type in `headers`. */
  body?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
}

const runId = randomBytes(3).toString("hex");
let counter = 0;

/** A fresh address in 10.0.0.0/8 for each simulated client. */
export function newIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${runId}-${counter}@e2e.test`;
}

let checker: Promise<OpenApiChecker> | undefined;
function openapi(): Promise<OpenApiChecker> {
  checker ??= fetch(`${base}/openapi.json`).then(async (r) => {
    if (!r.ok) throw new Error(`GET /openapi.json → ${r.status}`);
    return new OpenApiChecker(await r.json());
  });
  return checker;
}

const anonymous: Actor = { ip: newIp() };

export async function request(method: string, path: string, opts: RequestOptions = {}): Promise<Res> {
  const actor = opts.as ?? anonymous;
  const headers: Record<string, string> = {
    Accept: "application/json",
    "CF-Connecting-IP": actor.ip,
    "User-Agent": "jobboard-e2e",
    ...opts.headers,
  };
  if (actor.token) headers.Authorization = `Bearer ${actor.token}`;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    body = opts.body;
  }
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const res = await fetch(url, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  const contentType = res.headers.get("content-type") ?? "";
  let parsed: Json = text;
  if (contentType.includes("json") && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path} → ${res.status}: invalid JSON body: ${text.slice(0, 300)}`);
    }
  }
  (await openapi()).check(method, url.pathname, res.status, contentType, parsed);
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export const get = (path: string, opts?: RequestOptions) => request("GET", path, opts);
export const post = (path: string, opts?: RequestOptions) => request("POST", path, opts);
export const patch = (path: string, opts?: RequestOptions) => request("PATCH", path, opts);
export const put = (path: string, opts?: RequestOptions) => request("PUT", path, opts);
export const del = (path: string, opts?: RequestOptions) => request("DELETE", path, opts);

/** The body when the status is the expected one; otherwise a readable failure with the body. */
export function expectStatus(res: Res, status: number): Json {
  if (res.status !== status) {
    throw new Error(`expected status ${status}, got ${res.status}: ${res.text.slice(0, 800)}`);
  }
  return res.body;
}

/** Polls `probe` until it returns a value (not undefined/null/false), at most `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}

export interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  created_at: string;
}

/** Waits for an email to `to` in the dev mailbox that satisfies `match`. */
export function waitForMail(to: string, match: (m: Mail) => boolean = () => true, timeoutMs = 10_000) {
  return waitFor<Mail>(
    `an email to ${to}`,
    async () => {
      const res = await get("/dev/mailbox", { query: { to, limit: 50 } });
      return (expectStatus(res, 200).data as Mail[]).find(match);
    },
    timeoutMs,
  );
}

/** A link from an email, made relative to the server under test (emails name PUBLIC_APP_URL). */
export function localPath(link: string): string {
  const u = new URL(link);
  return `${u.pathname}${u.search}`;
}

export async function login(email: string, password: string, ip: string): Promise<Json> {
  return expectStatus(await post("/api/v1/auth/login", { as: { ip }, json: { email, password } }), 200);
}

/** Registers, confirms the address with the token from the verification email, and logs in. */
export async function registerVerified(role: "seeker" | "employer", label: string = role): Promise<User> {
  const ip = newIp();
  const email = uniqueEmail(label);
  const password = `E2e-${randomBytes(8).toString("hex")}-Pw`;
  const reg = expectStatus(
    await post("/api/v1/auth/register", {
      as: { ip },
      json: { email, password, role, first_name: label.replace(/[^a-z]/gi, "") || "E2e", last_name: "Tester" },
    }),
    201,
  );
  expect(reg.user.email_verified).toBe(false);
  const mail = await waitForMail(email, (m) => /verify-email\?token=/.test(m.text));
  const token = /verify-email\?token=([\w-]+)/.exec(mail.text)?.[1];
  expect(token).toBeTruthy();
  const verified = expectStatus(await post("/api/v1/auth/verify-email", { as: { ip }, json: { token } }), 200);
  expect(verified.user.email_verified).toBe(true);
  const session = await login(email, password, ip);
  return { id: reg.user.id, email, password, username: reg.user.username, role, ip, token: session.access_token };
}

export const DEMO_ADMIN = { email: "admin@jobboard.test", password: "Admin-Password-2026" };

/** The demo admin from the README, logged in once per run by e2e/global-setup.ts. */
export async function loginAdmin(): Promise<User> {
  const admin = inject("admin");
  return { ...DEMO_ADMIN, ...admin, role: "admin" };
}
