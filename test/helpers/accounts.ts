/**
 * Test helpers for the accounts area: waiting for queue side effects, reading
 * the email log and the dev mailbox, and TOTP codes.
 */
import { env } from "cloudflare:test";
import { and, desc, eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { emailLog } from "../../src/platform/db/schema";
import { db } from "../factories";
import { api } from "./http";

/** Polls `fn` until it returns a truthy value (queue consumers run in the background). */
export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface MailboxRow {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Dev mailbox rows to an address, newest first. */
export async function mailbox(to: string): Promise<MailboxRow[]> {
  const { results } = await env.DB.prepare('SELECT * FROM dev_mailbox WHERE "to" = ? ORDER BY created_at DESC, id DESC')
    .bind(to)
    .all<MailboxRow & { headers: string }>();
  return results.map((r) => ({ ...r, headers: JSON.parse(r.headers as unknown as string) }));
}

/** Waits for a delivered (status `sent`) email of `template` to `to` and returns its log row and mailbox copy. */
export async function waitForEmail(to: string, template: string) {
  const row = await waitFor(async () =>
    db()
      .select()
      .from(emailLog)
      .where(and(eq(emailLog.to, to), eq(emailLog.template, template), eq(emailLog.status, "sent")))
      .orderBy(desc(emailLog.createdAt))
      .get(),
  );
  const mail = await waitFor(async () => (await mailbox(to)).find((m) => m.id === row.providerId));
  return { row, mail };
}

/** Email log rows to an address (any status). */
export function emailRows(to: string) {
  return db().select().from(emailLog).where(eq(emailLog.to, to)).orderBy(desc(emailLog.createdAt)).all();
}

/** Extracts the one-time token from a verification/reset email's text. */
export function tokenFromMail(text: string): string {
  const m = /code: ([A-Za-z0-9_-]{20,})/.exec(text);
  if (!m?.[1]) throw new Error(`no token in mail: ${text}`);
  return m[1];
}

/** The TOTP code of a base32 secret at `at` (ms). */
export function totp(secret: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: at });
}

/** Registers through the API (so the verification email is sent) and returns the body. */
export async function registerViaApi(overrides: Record<string, unknown> = {}) {
  const email = `${Math.random().toString(36).slice(2)}${Date.now().toString(36)}@example.com`;
  const body = {
    email,
    password: "Plenty-of-Entropy-2026",
    role: "seeker",
    first_name: "Ada",
    last_name: "Lovelace",
    ...overrides,
  };
  const r = await api.post("/api/v1/auth/register", body);
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.json)}`);
  return { email: body.email as string, password: body.password as string, user: r.json.user };
}

/** A header set that pins the client IP and user agent. */
export function client(ip: string, ua = "TestAgent/1.0 (X11; Linux)"): Record<string, string> {
  return { "CF-Connecting-IP": ip, "User-Agent": ua };
}
