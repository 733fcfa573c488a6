/**
 * Webhooks against the running server: a local Node HTTP server is the
 * receiver; an employer registers it for their company, a job is published
 * (admin approval), and the signed `job.published` delivery arrives and
 * verifies with the `standardwebhooks` library. The receiver then answers 500
 * once, the retry arrives with the same `webhook-id`, and a manual redelivery
 * repeats it again. (The dev server allows http://127.0.0.1 receivers only
 * because WEBHOOKS_ALLOW_LOCAL_URLS is set for local development.)
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStatus, get, loginAdmin, post, registerVerified, type User, waitFor } from "./lib/client";
import { createCompany, createDraftJob } from "./lib/fixtures";
import { type Hit, type Receiver, startReceiver } from "./lib/receiver";

const stamp = Date.now().toString(36);
let receiver: Receiver;
let hits: Hit[] = [];
let hookUrl = "";
let employer: User;
let admin: User;

beforeAll(async () => {
  receiver = await startReceiver();
  hits = receiver.hits;
  hookUrl = receiver.url;
  [employer, admin] = await Promise.all([registerVerified("employer", "hooker"), loginAdmin()]);
});

afterAll(async () => {
  await receiver.close();
});

describe("webhooks", () => {
  let endpointId = "";
  let secret = "";
  let jobId = "";

  it("refuses an endpoint on a metadata address even in development", async () => {
    const company = await createCompany(employer, `Hooked ${stamp}`);
    const refused = await post("/api/v1/webhook-endpoints", {
      as: employer,
      json: { url: "https://169.254.169.254/latest", events: ["job.published"], company_id: company.id },
    });
    // Local development allows loopback receivers (below), never link-local/metadata targets.
    expect(refused.status).toBe(400);
    const made = expectStatus(
      await post("/api/v1/webhook-endpoints", {
        as: employer,
        json: { url: hookUrl, events: ["job.published", "job.closed"], company_id: company.id },
      }),
      201,
    );
    endpointId = made.id;
    secret = made.secret;
    expect(secret).toMatch(/^whsec_/);
    jobId = (await createDraftJob(employer, company.id, `Webhook Wrangler ${stamp}`)).id;
  });

  it("delivers job.published, signed; the library verifies the signature", async () => {
    expectStatus(await post(`/api/v1/jobs/${jobId}/publish`, { as: employer }), 200);
    expectStatus(await post(`/api/v1/admin/jobs/${jobId}/approve`, { as: admin }), 200);
    const hit = await waitFor(
      "the job.published webhook",
      async () => hits.find((h) => h.body.includes(jobId) && h.body.includes("job.published")),
      20_000,
    );
    const payload = new Webhook(secret).verify(hit.body, hit.headers) as {
      type: string;
      data: { job: { id: string; status: string } };
    };
    expect(payload.type).toBe("job.published");
    expect(payload.data.job).toMatchObject({ id: jobId, status: "published" });
    expect(hit.headers["webhook-id"]).toMatch(/^msg_/);

    const deliveries = expectStatus(
      await get(`/api/v1/webhook-endpoints/${endpointId}/deliveries`, { as: employer }),
      200,
    );
    const d = deliveries.data.find((x: { id: string }) => x.id === hit.headers["webhook-id"]);
    expect(d).toMatchObject({ event_type: "job.published" });
    const detail = await waitFor("the delivered status", async () => {
      const r = expectStatus(
        await get(`/api/v1/webhook-endpoints/${endpointId}/deliveries/${d.id}`, { as: employer }),
        200,
      );
      return r.status === "delivered" ? r : undefined;
    });
    expect(detail.attempt_log[0]).toMatchObject({ request_status: "sent", response_status: 204 });
  });

  it("retries after a 500 and redelivers on request, always with the same webhook-id", async () => {
    receiver.answer = 500;
    const before = hits.length;
    const queued = expectStatus(await post(`/api/v1/webhook-endpoints/${endpointId}/test`, { as: employer }), 202);
    const first = await waitFor("the test event", async () =>
      hits.slice(before).find((h) => h.headers["webhook-id"] === queued.id),
    );
    receiver.answer = 204;
    // The first retry comes 5 s later.
    await waitFor(
      "the retry",
      async () => hits.filter((h) => h.headers["webhook-id"] === queued.id).length >= 2,
      30_000,
    );
    const delivered = await waitFor("the delivered status", async () => {
      const r = expectStatus(
        await get(`/api/v1/webhook-endpoints/${endpointId}/deliveries/${queued.id}`, { as: employer }),
        200,
      );
      return r.status === "delivered" ? r : undefined;
    });
    expect(delivered.attempt_log.map((a: { response_status: number }) => a.response_status)).toEqual([500, 204]);

    expectStatus(
      await post(`/api/v1/webhook-endpoints/${endpointId}/deliveries/${queued.id}/redeliver`, { as: employer }),
      202,
    );
    await waitFor("the redelivery", async () => hits.filter((h) => h.headers["webhook-id"] === queued.id).length >= 3);
    const all = hits.filter((h) => h.headers["webhook-id"] === queued.id);
    expect(new Set(all.map((h) => h.body)).size).toBe(1);
    for (const h of all) expect(new Webhook(secret).verify(h.body, h.headers)).toMatchObject({ type: "webhook.test" });
    expect(first.headers["webhook-signature"]).toMatch(/^v1,/);
  });
});
