import { request } from "./lib/client";

/** Small client helpers for the end-to-end suite (plain fetch against the running server). */
export async function json(
  _base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  // Through the suite's client, so the response is checked against /openapi.json.
  const r = await request(method, path, { json: body, headers });
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  return { status: r.status, headers: r.headers, json: r.body as any };
}

/** Registers a fresh seeker and signs in; returns the bearer token. */
export async function signUp(base: string): Promise<{ token: string; email: string }> {
  const email = `e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = "Plenty-of-Entropy-2026";
  const reg = await json(base, "POST", "/api/v1/auth/register", {
    email,
    password,
    role: "seeker",
    first_name: "Ada",
    last_name: "Lovelace",
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.json)}`);
  const login = await json(base, "POST", "/api/v1/auth/login", { email, password });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`);
  return { token: login.json.access_token as string, email };
}
