/// <reference types="vite/client" />
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emailLog } from "../src/platform/db/schema";
import { queueEmail } from "../src/platform/email/log";
import { resendProvider, selectProvider } from "../src/platform/email/providers";
import { renderTemplate } from "../src/platform/email/templates";
import type { QueueMessage } from "../src/platform/queue/messages";
import { consumeBatch } from "../src/queue";
import { db, unique } from "./factories";
import { emailRows, mailbox, waitFor, waitForEmail } from "./helpers/accounts";
import { unsubscribeSubject } from "./helpers/unsubscribe";

afterEach(() => vi.restoreAllMocks());

const addr = () => `${unique("mail")}@example.com`;

describe("email pipeline", () => {
  it("queues a log row, the consumer sends it to the dev mailbox and records sent", async () => {
    const to = addr();
    const id = await queueEmail(db(), env, { to, template: "welcome", data: { first_name: "<b>Ada</b>" } });
    const queued = await db().select().from(emailLog).where(eq(emailLog.id, id)).get();
    expect(queued?.status === "queued" || queued?.status === "sent" || queued?.status === "sending").toBe(true);
    const { row, mail } = await waitForEmail(to, "welcome");
    expect(row.id).toBe(id);
    expect(row.provider).toBe("dev-mailbox");
    expect(row.sentAt).toBeGreaterThan(0);
    expect(mail.html).toContain("Hi &lt;b&gt;Ada&lt;/b&gt;");
    expect(mail.html).not.toContain("<b>Ada</b>");
    const link = /^<(.+)>$/.exec(mail.headers["List-Unsubscribe"] ?? "")?.[1];
    expect(await unsubscribeSubject(link)).toEqual({ kind: "email", email: to, category: "transactional" });
    expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });
});

describe("one way to send an email", () => {
  it("no module builds an email.send message itself: only src/platform/email does", () => {
    const sources = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    const builders = Object.entries(sources)
      .filter(([, text]) => /type:\s*["'`]email\.send["'`]/.test(text))
      .map(([path]) => path);
    expect(builders).toEqual(["../src/platform/email/log.ts"]);
  });

  it("an email queued twice under one id is logged once and sent once", async () => {
    const to = addr();
    const id = `test:${crypto.randomUUID()}`;
    const input = { id, to, template: "welcome", data: { first_name: "Ada" } };
    expect(await queueEmail(db(), env, input)).toBe(id);
    expect(await queueEmail(db(), env, [input])).toEqual([id]);
    const { row } = await waitForEmail(to, "welcome");
    expect(row.id).toBe(id);
    expect(await emailRows(to)).toHaveLength(1);
    expect(await mailbox(to)).toHaveLength(1);
  });
});

function message(to: string, template: string, extra: Partial<QueueMessage> = {}) {
  return {
    id: crypto.randomUUID(),
    created_at: Date.now(),
    type: "email.send" as const,
    to,
    template,
    data: { first_name: "Ada", user_agent: "UA", ip_hint: "1.2.3.0/24", at: "now" },
    ...extra,
  };
}

async function consume(body: unknown, e: Env = env, queue = "events") {
  const batch = createMessageBatch(queue, [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await consumeBatch(batch, e, ctx);
  return getQueueResult(batch, ctx);
}

const resendEnv = { ...env, ENVIRONMENT: "production", EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_test" } as Env;

describe("email delivery guarantees", () => {
  it("a redelivered message never sends twice (idempotency key = log row id)", async () => {
    const to = addr();
    const body = message(to, "notify.new_device_login");
    const first = await consume(body);
    const second = await consume(body);
    expect(first.explicitAcks.length + second.explicitAcks.length).toBe(2);
    const rows = await emailRows(to);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(body.id);
    expect(rows[0]?.status).toBe("sent");
    expect(rows[0]?.attempts).toBe(1);
    expect(await mailbox(to)).toHaveLength(1);
  });

  it("security emails carry no List-Unsubscribe header", async () => {
    const to = addr();
    await consume(message(to, "notify.password_changed"));
    const [mail] = await mailbox(to);
    expect(mail?.subject).toBe("Your Job Board password was changed");
    expect(mail?.headers["List-Unsubscribe"]).toBeUndefined();
    expect(mail?.html).not.toContain("Unsubscribe");
  });

  it("a provider failure keeps the row queued with the error and retries; the DLQ marks it failed", async () => {
    const to = addr();
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("boom", { status: 500 }));
    const body = message(to, "welcome");
    const result = await consume(body, resendEnv);
    expect(result.retryMessages).toHaveLength(1);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    let [row] = await emailRows(to);
    expect(row?.status).toBe("queued");
    expect(row?.error).toContain("resend answered 500");

    await consume(body, resendEnv, "events-dlq");
    [row] = await emailRows(to);
    expect(row?.status).toBe("failed");
    expect(await mailbox(to)).toHaveLength(0);
  });

  it("sends through Resend with the log id as Idempotency-Key when configured", async () => {
    const to = addr();
    const fetchSpy = vi
      .spyOn(globalThis, "fetch")
      .mockResolvedValue(Response.json({ id: "re_msg_123" }, { status: 200 }));
    const body = message(to, "welcome");
    const result = await consume(body, resendEnv);
    expect(result.explicitAcks).toHaveLength(1);
    const [url, init] = fetchSpy.mock.calls[0] ?? [];
    expect(String(url)).toBe("https://api.resend.com/emails");
    const headers = new Headers((init as RequestInit).headers);
    expect(headers.get("Idempotency-Key")).toBe(body.id);
    expect(headers.get("Authorization")).toBe("Bearer re_test");
    const sent = JSON.parse(String((init as RequestInit).body));
    expect(sent.to).toEqual([to]);
    expect(sent.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const [row] = await emailRows(to);
    expect(row).toMatchObject({ status: "sent", provider: "resend", providerId: "re_msg_123" });
  });

  it("an unknown template fails the row at once and is not retried", async () => {
    const to = addr();
    const result = await consume(message(to, "no_such_template"));
    expect(result.retryMessages).toHaveLength(0);
    const [row] = await emailRows(to);
    expect(row?.status).toBe("failed");
    expect(row?.error).toContain("unknown email template");
  });

  it("queueEmail refuses an unknown template before anything is stored", async () => {
    const to = addr();
    await expect(queueEmail(db(), env, { to, template: "nope" })).rejects.toThrow(/unknown email template/);
    expect(await emailRows(to)).toHaveLength(0);
  });

  it("selects the provider from config", () => {
    expect(selectProvider(env).name).toBe("dev-mailbox");
    expect(selectProvider({ ...env, ENVIRONMENT: "production" } as Env).name).toBe("send-email");
    expect(selectProvider(resendEnv).name).toBe("resend");
    expect(() => selectProvider({ ...resendEnv, RESEND_API_KEY: "" } as Env)).toThrow(/RESEND_API_KEY/);
    expect(resendProvider("k").name).toBe("resend");
  });

  it("renders every account template with escaped values in the shared layout", () => {
    for (const name of ["verify_email", "password_reset", "mfa_enabled", "mfa_disabled"]) {
      const r = renderTemplate(name, { first_name: "<script>x</script>", url: "https://a.test/?a=1&b=2", token: "t" });
      expect(r.html).toContain("Job Board");
      expect(r.html).not.toContain("<script>");
      expect(r.text.length).toBeGreaterThan(20);
    }
  });
});

describe("waitFor helper", () => {
  it("times out", async () => {
    await expect(waitFor(async () => false, 100)).rejects.toThrow(/timed out/);
  });
});
