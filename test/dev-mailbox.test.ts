import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { consumeBatch } from "../src/queue";
import { unique } from "./factories";
import { api, expectProblem, readJson } from "./helpers/http";

async function deliver(to: string, subject: string) {
  const batch = createMessageBatch("events", [
    {
      id: unique("m"),
      timestamp: new Date(),
      attempts: 1,
      body: {
        id: unique("evt"),
        created_at: Date.now(),
        type: "email.send",
        to,
        template: "test",
        data: { subject, text: `Body of ${subject}`, url: "https://example.com/x?a=1&b=<2>" },
      },
    },
  ]);
  const ctx = createExecutionContext();
  await consumeBatch(batch, env, ctx);
  await waitOnExecutionContext(ctx);
}

async function fetchAs(environment: string, method: string, path: string) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request(`http://api.test${path}`, { method }),
    { ...env, ENVIRONMENT: environment },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return readJson(res);
}

describe("GET /dev/mailbox", () => {
  it("lists the latest emails, newest first, filtered by recipient", async () => {
    const to = `${unique()}@example.com`;
    await deliver(to, "First");
    await deliver(to, "Second");
    await deliver(`${unique()}@example.com`, "Someone else's");
    const r = await api.get(`/dev/mailbox?to=${encodeURIComponent(to.toUpperCase())}`);
    expect(r.status).toBe(200);
    expect(r.json.data.map((m: { subject: string }) => m.subject)).toEqual(["Second", "First"]);
    const mail = r.json.data[0];
    expect(mail).toMatchObject({ to, subject: "Second" });
    // Non-security emails end with the one-click unsubscribe link.
    expect(mail.text).toMatch(/^Body of Second\n--\nUnsubscribe: http/);
    expect(mail.html).toContain("Body of Second");
    // Template data is escaped in HTML.
    expect(mail.html).toContain("&lt;2&gt;");
    expect(mail.html).not.toContain("<2>");
    expect(new Date(mail.created_at).toISOString()).toBe(mail.created_at);
  });

  it("honours limit and validates it", async () => {
    const to = `${unique()}@example.com`;
    await deliver(to, "One");
    await deliver(to, "Two");
    const r = await api.get(`/dev/mailbox?to=${to}&limit=1`);
    expect(r.json.data).toHaveLength(1);
    expectProblem(await api.get("/dev/mailbox?limit=0"), 400, "validation-error");
    expectProblem(await api.get("/dev/mailbox?limit=abc"), 400, "validation-error");
  });

  it("does not exist in production, for any method", async () => {
    expect((await fetchAs("development", "GET", "/dev/mailbox")).status).toBe(200);
    const get = await fetchAs("production", "GET", "/dev/mailbox");
    expectProblem(get, 404, "not-found");
    expect(get.json.detail).toBe("No route matches GET /dev/mailbox.");
    expectProblem(await fetchAs("production", "POST", "/dev/mailbox"), 404, "not-found");
    expectProblem(await fetchAs("production", "GET", "/dev/anything"), 404, "not-found");
  });

  it("production keeps Server-Timing off", async () => {
    const r = await fetchAs("production", "GET", "/health");
    expect(r.status).toBe(200);
    expect(r.headers.get("Server-Timing")).toBeNull();
  });
});
