/** Small HTTP helpers for the end-to-end suite: real requests to the running server. */
import { inject } from "vitest";
import { newIp, request } from "./lib/client";

export const base = inject("baseUrl");
export const PASSWORD = "Plenty-of-Entropy-2026";

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are asserted field by field
  json: any;
  headers: Headers;
}

/**
 * Each call looks like its own client (its own IP), so per-IP limits only bite where a test means them to.
 * Goes through the suite's client (lib/client.ts), so every response is checked against /openapi.json.
 */
export async function http(
  method: string,
  path: string,
  o: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const ip = o.headers?.["CF-Connecting-IP"] ?? newIp();
  const r = await request(method, path, { as: { token: o.token, ip }, json: o.body, headers: o.headers });
  return { status: r.status, json: r.body, headers: r.headers };
}

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
