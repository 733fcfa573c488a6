/** Small HTTP helpers for the end-to-end suite: real requests to the running server. */
import { inject } from "vitest";

export const base = inject("baseUrl");
export const PASSWORD = "Plenty-of-Entropy-2026";

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are asserted field by field
  json: any;
  headers: Headers;
}

/** Each call looks like its own client (its own IP), so per-IP limits only bite where a test means them to. */
export async function http(
  method: string,
  path: string,
  o: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers = new Headers(o.headers);
  if (o.token) headers.set("Authorization", `Bearer ${o.token}`);
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", `10.9.${rnd()}.${rnd()}`);
  if (o.body !== undefined) headers.set("Content-Type", "application/json");
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    redirect: "manual",
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

const rnd = () => Math.floor(Math.random() * 254) + 1;

export const slugOf = (r: Reply) => (typeof r.json?.type === "string" ? r.json.type.split("/").pop() : undefined);

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Registers an account, verifies its email through the dev mailbox, and signs in. */
export async function verifiedUser(role: "seeker" | "employer") {
  const email = uniqueEmail(role);
  const reg = await http("POST", "/api/v1/auth/register", {
    body: { email, password: PASSWORD, role, first_name: "E2e", last_name: "User" },
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.json)}`);
  let token: string | undefined;
  for (let i = 0; i < 50 && !token; i++) {
    const mail = await http("GET", `/dev/mailbox?to=${encodeURIComponent(email)}`);
    const text: string = mail.json?.data?.[0]?.text ?? "";
    const m = /[?&]token=([^&\s"<>)]+)/.exec(text);
    if (m?.[1]) token = decodeURIComponent(m[1]);
    else await new Promise((r) => setTimeout(r, 200));
  }
  if (!token) throw new Error("no verification email arrived");
  const verified = await http("POST", "/api/v1/auth/verify-email", { body: { token } });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.json)}`);
  const login = await http("POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`);
  return {
    email,
    userId: reg.json.user.id as string,
    token: login.json.access_token as string,
    refreshToken: login.json.refresh_token as string,
  };
}

export async function apiKey(sessionToken: string, scopes: string[]): Promise<string> {
  const r = await http("POST", "/api/v1/auth/api-keys", { token: sessionToken, body: { name: "e2e", scopes } });
  if (r.status !== 201) throw new Error(`api key: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.key as string;
}
