/**
 * Outgoing webhooks: endpoint CRUD and who may see it, delivery of a domain
 * event signed per Standard Webhooks (verified with the `standardwebhooks`
 * library), retries with backoff under a failing receiver, disabling with a
 * notice, idempotent (re)delivery, secret rotation, test events and the SSRF
 * rules. The receiver is a fake behind `fetch`; the queue is captured, and
 * each `webhook.deliver` message is handed to the real handler.
 */
import { env } from "cloudflare:test";
import { and, eq, isNull } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { checkOutboundUrl } from "../src/lib/ssrf";
import { deliverWebhook, publishFromMessage } from "../src/modules/webhooks";
import { MAX_ATTEMPTS, RETRY_SCHEDULE_SECONDS } from "../src/modules/webhooks/deliver";
import { notifications, webhookAttempts, webhookDeliveries, webhookEndpoints } from "../src/platform/db/schema";
import type { MessageOf } from "../src/platform/queue/messages";
import {
  addMember,
  db,
  employerWithCompany,
  makeApiKey,
  makeApplication,
  makeCompany,
  makeJob,
  makeUser,
  signedIn,
} from "./factories";
import { api, call, readJson } from "./helpers/http";
import { capturedQueue, fakeReceiver, makeEndpoint } from "./helpers/webhooks";

let receiver: ReturnType<typeof fakeReceiver> | undefined;
afterEach(async () => {
  receiver?.restore();
  receiver = undefined;
  // Platform-wide endpoints receive every company's events: none outlives its test (storage is per file).
  await db().delete(webhookEndpoints).where(isNull(webhookEndpoints.companyId));
});

const submitted = (applicationId: string, id = crypto.randomUUID()): MessageOf<"application.submitted"> => ({
  type: "application.submitted",
  id,
  created_at: Date.now(),
  application_id: applicationId,
});

/** A company owner with a job, an application to it, and the captured queue. */
async function world() {
  const owner = await employerWithCompany();
  const job = await makeJob({ companyId: owner.company.id, postedBy: owner.user.id, status: "published" });
  const seeker = await makeUser();
  const app = await makeApplication(job, seeker.id);
  return { owner, job, app, q: capturedQueue() };
}

/** Delivers every captured `webhook.deliver` message not handled yet (as the consumer would). */
async function drain(q: ReturnType<typeof capturedQueue>, from = 0) {
  const msgs = q.deliveries().slice(from);
  for (const m of msgs) await deliverWebhook(q.env, m);
  return msgs.length;
}

const verify = (secret: string, r: { body: string; headers: Record<string, string> }) =>
  new Webhook(secret).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> };

describe("endpoints", () => {
  it("creates an endpoint and shows its whsec_ secret once; the secret is encrypted at rest", async () => {
    const owner = await employerWithCompany();
    const created = await api.post(
      "/api/v1/webhook-endpoints",
      {
        url: "https://hooks.example.com/in",
        events: ["job.published", "application.created"],
        company_id: owner.company.id,
      },
      { token: owner.token },
    );
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(created.json).toMatchObject({
      company_id: owner.company.id,
      status: "enabled",
      events: ["job.published", "application.created"],
    });
    const got = await api.get(`/api/v1/webhook-endpoints/${created.json.id}`, { token: owner.token });
    expect(got.status).toBe(200);
    expect(got.json.secret).toBeUndefined();
    const row = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.json.id)).get();
    expect(row?.secretEnc).not.toContain(created.json.secret.slice(6));
    const list = await api.get("/api/v1/webhook-endpoints", { token: owner.token });
    expect(list.json.data.map((e: { id: string }) => e.id)).toEqual([created.json.id]);
  });

  it("is invisible to other employers and recruiters (404); seekers are refused (403)", async () => {
    const owner = await employerWithCompany();
    const ep = await makeEndpoint(owner.company.id);
    const stranger = await employerWithCompany();
    const recruiter = await signedIn({ role: "employer" });
    await addMember(owner.company.id, recruiter.user.id, "recruiter");
    const seeker = await signedIn({ role: "seeker" });
    for (const who of [stranger, recruiter]) {
      expect((await api.get(`/api/v1/webhook-endpoints/${ep.id}`, { token: who.token })).status).toBe(404);
      expect(
        (await api.patch(`/api/v1/webhook-endpoints/${ep.id}`, { enabled: false }, { token: who.token })).status,
      ).toBe(404);
      expect((await api.get("/api/v1/webhook-endpoints", { token: who.token })).json.data).toEqual([]);
    }
    expect((await api.get(`/api/v1/webhook-endpoints/${ep.id}`, { token: seeker.token })).status).toBe(403);
    // Registering for someone else's company: 404 for a stranger, 403 for a recruiter.
    const body = { url: "https://hooks.example.com/x", events: ["job.published"], company_id: owner.company.id };
    expect((await api.post("/api/v1/webhook-endpoints", body, { token: stranger.token })).status).toBe(404);
    expect((await api.post("/api/v1/webhook-endpoints", body, { token: recruiter.token })).status).toBe(403);
    // Employers always name a company; platform-wide endpoints are for admins.
    const { company_id: _, ...platform } = body;
    expect((await api.post("/api/v1/webhook-endpoints", platform, { token: owner.token })).status).toBe(400);
    const admin = await signedIn({ role: "admin" });
    const made = await api.post("/api/v1/webhook-endpoints", platform, { token: admin.token });
    expect(made.status).toBe(201);
    expect(made.json.company_id).toBeNull();
    expect((await api.get(`/api/v1/webhook-endpoints/${ep.id}`, { token: admin.token })).status).toBe(200);
  });

  it("refuses unknown fields and event types, and needs the webhooks scopes on API keys", async () => {
    const owner = await employerWithCompany();
    const base = { url: "https://hooks.example.com/x", events: ["job.published"], company_id: owner.company.id };
    expect(
      (await api.post("/api/v1/webhook-endpoints", { ...base, secret: "mine" }, { token: owner.token })).status,
    ).toBe(400);
    expect(
      (await api.post("/api/v1/webhook-endpoints", { ...base, events: ["user.deleted"] }, { token: owner.token }))
        .status,
    ).toBe(400);
    expect((await api.post("/api/v1/webhook-endpoints", { ...base, events: [] }, { token: owner.token })).status).toBe(
      400,
    );
    const readKey = await makeApiKey(owner.user.id, ["webhooks:read"]);
    expect((await api.get("/api/v1/webhook-endpoints", { token: readKey.key })).status).toBe(200);
    const denied = await api.post("/api/v1/webhook-endpoints", base, { token: readKey.key });
    expect(denied.status).toBe(403);
    expect(denied.json.type).toMatch(/insufficient-scope$/);
    const writeKey = await makeApiKey(owner.user.id, ["webhooks:write"]);
    expect((await api.post("/api/v1/webhook-endpoints", base, { token: writeKey.key })).status).toBe(201);
  });
});

describe("SSRF", () => {
  const BAD = [
    ["http://hooks.example.com/x", "must use https"],
    ["ftp://hooks.example.com/x", "must use https"],
    ["https://localhost/x", "local host name"],
    ["https://api.localhost/x", "local host name"],
    ["https://printer.local/x", "local host name"],
    ["https://metadata.google.internal/computeMetadata/v1/", "local host name"],
    ["https://intranet/x", "fully qualified"],
    ["https://127.0.0.1/x", "private"],
    ["https://127.1/x", "private"],
    ["https://0x7f.0.0.1/x", "private"],
    ["https://2130706433/x", "private"],
    ["https://0.0.0.0/x", "private"],
    ["https://10.1.2.3/x", "private"],
    ["https://172.16.0.1/x", "private"],
    ["https://172.31.255.255/x", "private"],
    ["https://192.168.1.1/x", "private"],
    ["https://169.254.169.254/latest/meta-data/", "private"],
    ["https://100.64.0.1/x", "private"],
    ["https://224.0.0.1/x", "private"],
    ["https://[::1]/x", "private"],
    ["https://[::]/x", "private"],
    ["https://[::ffff:127.0.0.1]/x", "private"],
    ["https://[::ffff:a9fe:a9fe]/x", "private"],
    ["https://[fe80::1]/x", "private"],
    ["https://[fd00::1]/x", "private"],
    ["https://[2001:db8::1]/x", "private"],
    ["https://user:pass@hooks.example.com/x", "credentials"],
    ["not a url", "valid absolute URL"],
  ] as const;

  it.each(BAD)("refuses %s", (url, reason) => {
    const check = checkOutboundUrl(url);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });

  it.each([
    "https://hooks.example.com/x",
    "https://8.8.8.8/x",
    "https://[2606:4700::1111]/x",
    "https://example.com:8443/a?b=c",
  ])("accepts %s", (url) => expect(checkOutboundUrl(url).ok).toBe(true));

  it("allows http and loopback only in local mode", () => {
    expect(checkOutboundUrl("http://127.0.0.1:9999/hook", { allowLocal: true }).ok).toBe(true);
    expect(checkOutboundUrl("http://127.0.0.1:9999/hook").ok).toBe(false);
    expect(checkOutboundUrl("http://192.168.1.10/hook", { allowLocal: true }).ok).toBe(true);
    expect(checkOutboundUrl("file:///etc/passwd", { allowLocal: true }).ok).toBe(false);
    expect(checkOutboundUrl("http://169.254.169.254/latest", { allowLocal: true }).ok).toBe(false);
    expect(checkOutboundUrl("http://[fe80::1]/x", { allowLocal: true }).ok).toBe(false);
    expect(checkOutboundUrl("http://metadata.google.internal/", { allowLocal: true }).ok).toBe(false);
  });

  it("answers 400 for a refused URL on create and update (the dev flag is not set in tests)", async () => {
    const owner = await employerWithCompany();
    for (const [url] of BAD.slice(0, 12)) {
      const r = await api.post(
        "/api/v1/webhook-endpoints",
        { url, events: ["job.published"], company_id: owner.company.id },
        { token: owner.token },
      );
      expect(r.status, url).toBe(400);
    }
    const ep = await makeEndpoint(owner.company.id);
    const r = await api.patch(
      `/api/v1/webhook-endpoints/${ep.id}`,
      { url: "https://169.254.169.254/" },
      { token: owner.token },
    );
    expect(r.status).toBe(400);
    expect(r.json.errors[0]).toMatchObject({ path: "url" });
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    const w = await world();
    await makeEndpoint(w.owner.company.id);
    receiver = fakeReceiver(
      () => new Response(null, { status: 302, headers: { Location: "http://169.254.169.254/" } }),
    );
    await publishFromMessage(w.q.env, submitted(w.app.id));
    await drain(w.q);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.redirect).toBe("manual");
    const attempts = await db().select().from(webhookAttempts);
    const mine = attempts.filter((a) => a.responseStatus === 302);
    expect(mine[0]).toMatchObject({ requestStatus: "sent", error: "redirects are not followed" });
  });
});

describe("delivery", () => {
  it("delivers a subscribed event, signed; the standardwebhooks library verifies it", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id, { eventTypes: ["application.created", "job.published"] });
    const unsubscribed = await makeEndpoint(w.owner.company.id, { eventTypes: ["job.closed"] });
    const otherCompany = await makeEndpoint((await makeCompany()).id);
    const admin = await makeUser({ role: "admin" });
    const platform = await makeEndpoint(null, { createdBy: admin.id });
    receiver = fakeReceiver();

    expect(await publishFromMessage(w.q.env, submitted(w.app.id)).then(() => w.q.deliveries().length)).toBe(2);
    await drain(w.q);

    expect(receiver.received.map((r) => r.url).sort()).toEqual([
      "https://hooks.example.com/jobboard",
      "https://hooks.example.com/jobboard",
    ]);
    const rows = await db().select().from(webhookDeliveries);
    const byEndpoint = new Map(rows.map((r) => [r.endpointId, r]));
    expect(byEndpoint.has(unsubscribed.id)).toBe(false);
    expect(byEndpoint.has(otherCompany.id)).toBe(false);
    const delivery = byEndpoint.get(ep.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, eventType: "application.created" });
    expect(byEndpoint.get(platform.id)?.status).toBe("delivered");

    const sent = receiver.received.find((r) => r.headers["webhook-id"] === delivery?.id);
    if (!sent) throw new Error("no request for the company endpoint");
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    const payload = verify(ep.secret, sent);
    expect(payload).toMatchObject({
      type: "application.created",
      data: { application: { id: w.app.id, job_id: w.job.id, company_id: w.owner.company.id, status: "pending" } },
    });
    // Nothing personal about the applicant travels in the payload.
    expect(JSON.stringify(payload)).not.toContain("@");
    // Someone else's secret does not verify it.
    expect(() => verify(otherCompany.secret, sent)).toThrow();

    // The delivery log, per attempt.
    const log = await api.get(`/api/v1/webhook-endpoints/${ep.id}/deliveries/${delivery?.id}`, {
      token: w.owner.token,
    });
    expect(log.status).toBe(200);
    expect(log.json).toMatchObject({ status: "delivered", payload: { type: "application.created" } });
    expect(log.json.attempt_log).toEqual([
      expect.objectContaining({
        attempt: 1,
        trigger: "automatic",
        request_status: "sent",
        response_status: 200,
        error: null,
      }),
    ]);
    const list = await api.get(`/api/v1/webhook-endpoints/${ep.id}/deliveries?status=delivered`, {
      token: w.owner.token,
    });
    expect(list.json.data.map((d: { id: string }) => d.id)).toEqual([delivery?.id]);
  });

  it("fans out once per event and attempts once per message, however often either repeats", async () => {
    const w = await world();
    await makeEndpoint(w.owner.company.id);
    receiver = fakeReceiver();
    const msg = submitted(w.app.id);
    await publishFromMessage(w.q.env, msg);
    await publishFromMessage(w.q.env, msg);
    const [first, second] = w.q.deliveries();
    expect(first?.delivery_id).toBe(second?.delivery_id);
    if (!first) throw new Error("no delivery");
    await deliverWebhook(w.q.env, first);
    await deliverWebhook(w.q.env, first);
    expect(receiver.received).toHaveLength(1);
    // After it was delivered, fanning out again enqueues nothing new.
    await publishFromMessage(w.q.env, msg);
    expect(w.q.deliveries()).toHaveLength(2);
  });

  it("retries a failing receiver with exponential backoff, then fails, disables the endpoint and tells its owner", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id);
    receiver = fakeReceiver(() => new Response("boom", { status: 500 }));
    await publishFromMessage(w.q.env, submitted(w.app.id));
    const delays: (number | undefined)[] = [];
    let now = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const next = w.q.sent[w.q.sent.length - 1];
      if (next?.body.type !== "webhook.deliver") throw new Error(`no message for attempt ${i + 1}`);
      if (i > 0) delays.push(next.delaySeconds);
      const before = w.q.sent.length;
      await deliverWebhook(w.q.env, next.body, now);
      now += (RETRY_SCHEDULE_SECONDS[i] ?? 0) * 1000;
      if (i < MAX_ATTEMPTS - 1) expect(w.q.sent.length).toBe(before + 1);
    }
    expect(delays).toEqual([...RETRY_SCHEDULE_SECONDS]);
    expect(RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0)).toBeGreaterThan(20 * 3600);
    expect(RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(24 * 3600);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    // Same webhook-id on every attempt.
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);

    const delivery = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id)).get();
    expect(delivery).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    const attempts = await db()
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, delivery?.id ?? ""));
    expect(attempts.map((a) => a.responseStatus)).toEqual(Array(MAX_ATTEMPTS).fill(500));
    expect(attempts.every((a) => a.error === "HTTP 500")).toBe(true);

    const endpoint = await api.get(`/api/v1/webhook-endpoints/${ep.id}`, { token: w.owner.token });
    expect(endpoint.json.status).toBe("disabled");
    expect(endpoint.json.disabled_reason).toContain("failed");
    const notes = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.owner.user.id), eq(notifications.type, "webhook_endpoint_disabled")));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain(ep.url);

    // A disabled endpoint gets no new deliveries until it is enabled again.
    const before = w.q.deliveries().length;
    await publishFromMessage(w.q.env, submitted(w.app.id));
    expect(w.q.deliveries()).toHaveLength(before);
    const enabled = await api.patch(`/api/v1/webhook-endpoints/${ep.id}`, { enabled: true }, { token: w.owner.token });
    expect(enabled.json).toMatchObject({ status: "enabled", disabled_reason: null, failing_since: null });
  });

  it("keeps an endpoint enabled when a delivery fails for good but another succeeded meanwhile", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id);
    receiver = fakeReceiver(() => new Response("no", { status: 503 }));
    await publishFromMessage(w.q.env, submitted(w.app.id));
    const first = w.q.deliveries()[0];
    if (!first) throw new Error("no delivery");
    await deliverWebhook(w.q.env, first);
    // A later event reaches the receiver fine: the endpoint is healthy again.
    receiver.restore();
    receiver = fakeReceiver();
    const seeker = await makeUser();
    await publishFromMessage(w.q.env, submitted((await makeApplication(w.job, seeker.id)).id));
    const ok = w.q.deliveries().find((m) => m.delivery_id !== first.delivery_id);
    if (!ok) throw new Error("no second delivery");
    await deliverWebhook(w.q.env, ok);
    receiver.restore();
    receiver = fakeReceiver(() => new Response("no", { status: 503 }));
    // The first delivery uses up its remaining attempts.
    await db()
      .update(webhookDeliveries)
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where(eq(webhookDeliveries.id, first.delivery_id));
    await deliverWebhook(w.q.env, { ...first, attempt: MAX_ATTEMPTS - 1 });
    const row = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, first.delivery_id)).get();
    expect(row?.status).toBe("failed");
    const endpoint = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep.id)).get();
    expect(endpoint?.status).toBe("enabled");
  });

  it("redelivers with the same webhook-id and body, so the receiver can drop the duplicate", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id);
    receiver = fakeReceiver();
    await publishFromMessage(w.q.env, submitted(w.app.id));
    await drain(w.q);
    const delivery = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id)).get();
    const res = await readJson(
      await call("POST", `/api/v1/webhook-endpoints/${ep.id}/deliveries/${delivery?.id}/redeliver`, {
        token: w.owner.token,
        app: w.q.app,
      }),
    );
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: delivery?.id, status: "delivered" });
    const manual = w.q.deliveries().at(-1);
    expect(manual?.manual).toBe(true);
    await drain(w.q, w.q.deliveries().length - 1);

    expect(receiver.received).toHaveLength(2);
    const [a, b] = receiver.received;
    expect(b?.headers["webhook-id"]).toBe(a?.headers["webhook-id"]);
    expect(b?.body).toBe(a?.body);
    if (b) expect(verify(ep.secret, b)).toMatchObject({ type: "application.created" });
    // A receiver keyed on webhook-id processes the event once.
    const seen = new Set(receiver.received.map((r) => r.headers["webhook-id"]));
    expect(seen.size).toBe(1);
    const log = await api.get(`/api/v1/webhook-endpoints/${ep.id}/deliveries/${delivery?.id}`, {
      token: w.owner.token,
    });
    expect(log.json.attempt_log.map((x: { attempt: number; trigger: string }) => [x.attempt, x.trigger])).toEqual([
      [1, "automatic"],
      [2, "manual"],
    ]);
    // Someone else's delivery is not found.
    const stranger = await employerWithCompany();
    const other = await call("POST", `/api/v1/webhook-endpoints/${ep.id}/deliveries/${delivery?.id}/redeliver`, {
      token: stranger.token,
      app: w.q.app,
    });
    expect(other.status).toBe(404);
  });

  it("signs with both secrets during a rotation's overlap, and with the new one only without overlap", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id);
    receiver = fakeReceiver();
    const rotated = await api.post(
      `/api/v1/webhook-endpoints/${ep.id}/rotate-secret`,
      { overlap_seconds: 3600 },
      { token: w.owner.token },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(ep.secret);
    expect(Date.parse(rotated.json.previous_secret_expires_at) - Date.now()).toBeGreaterThan(3500_000);
    await publishFromMessage(w.q.env, submitted(w.app.id));
    await drain(w.q);
    const first = receiver.received[0];
    if (!first) throw new Error("nothing received");
    expect(first.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(verify(rotated.json.secret, first).type).toBe("application.created");
    expect(verify(ep.secret, first).type).toBe("application.created");

    const again = await api.post(
      `/api/v1/webhook-endpoints/${ep.id}/rotate-secret`,
      { overlap_seconds: 0 },
      { token: w.owner.token },
    );
    expect(again.json.previous_secret_expires_at).toBeNull();
    const seeker = await makeUser();
    const from = w.q.deliveries().length;
    await publishFromMessage(w.q.env, submitted((await makeApplication(w.job, seeker.id)).id));
    await drain(w.q, from);
    const second = receiver.received[1];
    if (!second) throw new Error("nothing received");
    expect(second.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(verify(again.json.secret, second).type).toBe("application.created");
    expect(() => verify(rotated.json.secret, second)).toThrow();
  });

  it("sends a test event to one endpoint, whatever it subscribed to", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id, { eventTypes: ["company.verified"] });
    receiver = fakeReceiver();
    const res = await readJson(
      await call("POST", `/api/v1/webhook-endpoints/${ep.id}/test`, { token: w.owner.token, app: w.q.app }),
    );
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ event_type: "webhook.test", status: "pending", attempts: 0 });
    await drain(w.q);
    expect(receiver.received).toHaveLength(1);
    const received = receiver.received[0];
    if (received)
      expect(verify(ep.secret, received)).toMatchObject({ type: "webhook.test", data: { endpoint_id: ep.id } });
  });

  it("announces published jobs with the API's job summary, only to the job's company", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id, { eventTypes: ["job.published"] });
    receiver = fakeReceiver();
    await publishFromMessage(w.q.env, {
      type: "job.published",
      id: `job-published:${w.job.id}`,
      created_at: Date.now(),
      job_id: w.job.id,
    });
    // A continuation of the alert matching is the same announcement: nothing more.
    await publishFromMessage(w.q.env, {
      type: "job.published",
      id: `job-published:${w.job.id}:more`,
      created_at: Date.now(),
      job_id: w.job.id,
      after_alert_id: "x",
    });
    await drain(w.q);
    expect(receiver.received).toHaveLength(1);
    const received = receiver.received[0];
    if (!received) throw new Error("nothing received");
    expect(verify(ep.secret, received)).toMatchObject({
      type: "job.published",
      data: { job: { id: w.job.id, title: w.job.title, company: { id: w.owner.company.id } } },
    });
  });

  it("deletes an endpoint with its deliveries", async () => {
    const w = await world();
    const ep = await makeEndpoint(w.owner.company.id);
    await publishFromMessage(w.q.env, submitted(w.app.id));
    expect((await api.delete(`/api/v1/webhook-endpoints/${ep.id}`, { token: w.owner.token })).status).toBe(204);
    expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id))).toEqual([]);
    expect((await api.get(`/api/v1/webhook-endpoints/${ep.id}`, { token: w.owner.token })).status).toBe(404);
    expect(env.ENVIRONMENT).toBe("development");
  });
});
