import { createExecutionContext, env } from "cloudflare:test";
import { exports } from "cloudflare:workers";

export const BASE = "http://api.test";

export interface CallOptions {
  body?: unknown;
  /** Raw body; sent as-is (use with `headers` for a content type). */
  raw?: BodyInit;
  token?: string;
  headers?: Record<string, string>;
  /** An app of the test's own (`createApp({...})`) instead of the Worker's. */
  app?: { fetch: (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response> };
}

/** Calls the Worker's fetch handler the way a client would. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  // Each call looks like a different client unless a test pins the IP, so
  // per-IP rate limits only bite in the tests that are about them.
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", randomIp());
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(`${BASE}${path}`, { method, headers, body });
  return options.app ? options.app.fetch(request, env, createExecutionContext()) : exports.default.fetch(request);
}

/** Calls and parses the JSON (or problem+json) body; `json` is null for empty bodies. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted field by field
export async function callJson<T = any>(method: string, path: string, options: CallOptions = {}) {
  const res = await call(method, path, options);
  const text = await res.text();
  const json = (text ? JSON.parse(text) : null) as T;
  return { res, status: res.status, json, headers: res.headers };
}

/** Reads a raw Response like `callJson` does, for tests that build requests with `call()`. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function readJson<T = any>(res: Response) {
  const text = await res.text();
  return { res, status: res.status, json: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export const api = {
  get: (path: string, o?: CallOptions) => callJson("GET", path, o),
  post: (path: string, body?: unknown, o?: CallOptions) => callJson("POST", path, { ...o, body }),
  put: (path: string, body?: unknown, o?: CallOptions) => callJson("PUT", path, { ...o, body }),
  patch: (path: string, body?: unknown, o?: CallOptions) => callJson("PATCH", path, { ...o, body }),
  delete: (path: string, o?: CallOptions) => callJson("DELETE", path, o),
};

/** Asserts the RFC 9457 shape and returns the body. */
export function expectProblem(
  // biome-ignore lint/suspicious/noExplicitAny: see above
  r: { status: number; json: any; headers: Headers },
  status: number,
  slug?: string,
) {
  if (r.status !== status) {
    throw new Error(`expected status ${status}, got ${r.status}: ${JSON.stringify(r.json)}`);
  }
  const ct = r.headers.get("Content-Type") ?? "";
  if (!ct.startsWith("application/problem+json")) throw new Error(`expected problem+json, got ${ct}`);
  if (r.json.status !== status || typeof r.json.title !== "string" || typeof r.json.detail !== "string") {
    throw new Error(`malformed problem: ${JSON.stringify(r.json)}`);
  }
  if (typeof r.json.request_id !== "string") throw new Error("problem without request_id");
  if (slug && r.json.type !== `https://jobboard.dev/problems/${slug}`) {
    throw new Error(`expected problem type ${slug}, got ${r.json.type}`);
  }
  return r.json;
}

function randomIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/**
 * Local rate limits count in 60 s windows aligned to the wall clock, so a burst
 * that straddles a boundary would see its count reset halfway. Tests that
 * count up to a limit call this first: near the end of a window it waits for
 * the next one (at most `needSeconds`).
 */
export async function startOfRateLimitWindow(periodSeconds = 60, needSeconds = 15): Promise<void> {
  const left = periodSeconds - ((Date.now() / 1000) % periodSeconds);
  if (left < needSeconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
}
