/**
 * Paid postings against the running server. The suite's server runs with a
 * test STRIPE_WEBHOOK_SECRET and STRIPE_API_BASE pointing at a Stripe API mock
 * served here (e2e/global-setup.ts): checkout and portal calls land on the mock,
 * which answers with Stripe-shaped objects, and the test then plays Stripe's
 * side of the webhook: a `checkout.session.completed` event signed with the
 * test secret (`generateTestHeaderString`, Stripe's own scheme), after which the
 * company's credits and the featured job appear through the API.
 */
import { createServer, type Server } from "node:http";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectStatus, get, loginAdmin, post, registerVerified, type User } from "./lib/client";
import { createCompany, createDraftJob, verifyCompany } from "./lib/fixtures";

const stripeConfig = inject("stripe");
const configured = stripeConfig.webhookSecret !== "" && stripeConfig.apiPort > 0;
const stamp = Date.now().toString(36);

interface StripeCall {
  path: string;
  form: URLSearchParams;
  authorization: string;
}
const calls: StripeCall[] = [];
let mock: Server | undefined;
let employer: User;
let admin: User;

/** A tiny Stripe API: the three endpoints billing calls, with Stripe-shaped answers. */
function startMock(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const path = new URL(req.url ?? "/", "http://x").pathname;
      calls.push({ path, form, authorization: String(req.headers.authorization ?? "") });
      const n = calls.length;
      const send = (status: number, json: unknown) =>
        res
          .writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${n}` })
          .end(JSON.stringify(json));
      if (path === "/v1/customers") return send(200, { id: `cus_e2e_${stamp}_${n}`, object: "customer" });
      if (path === "/v1/checkout/sessions") {
        const id = `cs_test_e2e_${stamp}_${n}`;
        return send(200, {
          id,
          object: "checkout.session",
          mode: form.get("mode"),
          status: "open",
          payment_status: "unpaid",
          customer: form.get("customer"),
          url: `https://checkout.stripe.com/c/pay/${id}`,
        });
      }
      if (path === "/v1/billing_portal/sessions") {
        return send(200, {
          id: `bps_${n}`,
          object: "billing_portal.session",
          url: `https://billing.stripe.com/p/session/e2e_${n}`,
        });
      }
      return send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${path})` } });
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

/** Posts `event` as Stripe would: the exact JSON bytes, signed with the server's test webhook secret. */
function deliver(event: Record<string, unknown>) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripeConfig.webhookSecret });
  return post("/api/v1/billing/stripe/webhook", {
    body: payload,
    headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
  });
}

function completed(sessionId: string, paymentIntent: string) {
  return {
    id: `evt_e2e_${sessionId}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "checkout.session.completed",
    data: {
      object: {
        id: sessionId,
        object: "checkout.session",
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        payment_intent: paymentIntent,
        amount_total: 9900,
        currency: "eur",
      },
    },
  };
}

beforeAll(async () => {
  if (configured) mock = await startMock(stripeConfig.apiPort);
  [employer, admin] = await Promise.all([registerVerified("employer", "payer"), loginAdmin()]);
});

afterAll(async () => {
  if (mock) await new Promise((resolve) => mock?.close(resolve));
});

describe("billing (Stripe)", () => {
  it("a paid posting pack: checkout on Stripe, signed webhook, credits appear exactly once", async () => {
    const company = await createCompany(employer, `Paying ${stamp}`);
    const pack = expectStatus(
      await post("/api/v1/admin/billing/products", {
        as: admin,
        json: {
          kind: "credits",
          name: `Pack of 3 ${stamp}`,
          credits: 3,
          prices: [
            { currency: "eur", unit_amount: 9900 },
            { currency: "usd", unit_amount: 10900 },
          ],
        },
      }),
      201,
    );
    const listed = expectStatus(await get("/api/v1/billing/products"), 200);
    expect(listed.data.some((p: { id: string }) => p.id === pack.id)).toBe(true);
    const checkoutPath = `/api/v1/companies/${company.id}/billing/checkout`;
    if (!configured) {
      // A server started without Stripe (E2E_BASE_URL without E2E_STRIPE_*): billing is off, the rest works.
      expect((await post(checkoutPath, { as: employer, json: { product_id: pack.id } })).status).toBe(404);
      return;
    }
    const checkout = expectStatus(
      await post(checkoutPath, { as: employer, json: { product_id: pack.id, currency: "eur" } }),
      201,
    );
    expect(checkout.status).toBe("pending");
    expect(checkout.checkout_url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const session = calls.find((c) => c.path === "/v1/checkout/sessions");
    expect(session?.authorization).toBe("Bearer sk_test_e2e_jobboard");
    expect(session?.form.get("metadata[purchase_id]")).toBe(checkout.id);
    expect(session?.form.get("line_items[0][price_data][unit_amount]")).toBe("9900");

    // Nothing is granted before Stripe says so.
    expect(expectStatus(await get(`/api/v1/companies/${company.id}/billing`, { as: employer }), 200).credits).toBe(0);
    const event = completed(checkout.checkout_session_id, `pi_e2e_${stamp}`);
    expect(expectStatus(await deliver(event), 200)).toMatchObject({ received: true, duplicate: false });
    expect(expectStatus(await deliver(event), 200)).toMatchObject({ received: true, duplicate: true });
    const account = expectStatus(await get(`/api/v1/companies/${company.id}/billing`, { as: employer }), 200);
    expect(account).toMatchObject({ billing_enabled: true, credits: 3 });
    const purchases = expectStatus(
      await get(`/api/v1/companies/${company.id}/billing/purchases`, { as: employer }),
      200,
    );
    expect(purchases.data[0]).toMatchObject({ id: checkout.id, status: "paid" });

    // A forged delivery is refused.
    const forged = await post("/api/v1/billing/stripe/webhook", {
      body: JSON.stringify(event),
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" },
    });
    expect(forged.status).toBe(400);

    const portal = expectStatus(await post(`/api/v1/companies/${company.id}/billing/portal`, { as: employer }), 200);
    expect(portal.url).toMatch(/^https:\/\/billing\.stripe\.com\//);
    const back = await get(`/billing/return?result=success&purchase=${checkout.id}`);
    expect(back.status).toBe(200);
    expect(back.text).toContain("Your payment went through");
  });

  it("a featured upgrade pins the job in the featured list and in search once paid", async () => {
    if (!configured) return;
    const company = await createCompany(employer, `Featured ${stamp}`);
    await verifyCompany(admin, company.id);
    const job = await createDraftJob(employer, company.id, `Featured Engineer ${stamp}`);
    expectStatus(await post(`/api/v1/jobs/${job.id}/publish`, { as: employer }), 200);
    const product = expectStatus(
      await post("/api/v1/admin/billing/products", {
        as: admin,
        json: {
          kind: "featured",
          name: `Featured 14 days ${stamp}`,
          featured_days: 14,
          prices: [{ currency: "eur", unit_amount: 4900 }],
        },
      }),
      201,
    );
    const checkout = expectStatus(
      await post(`/api/v1/companies/${company.id}/billing/checkout`, {
        as: employer,
        json: { product_id: product.id, job_id: job.id },
      }),
      201,
    );
    const featuredIds = async () =>
      (expectStatus(await get("/api/v1/jobs/featured?limit=50"), 200).data as { id: string }[]).map((j) => j.id);
    // Search pins featured jobs above its first page (`pinned`): the job's own words find it there once paid.
    const searchPath = `/api/v1/jobs?q=${encodeURIComponent(`Featured Engineer ${stamp}`)}`;
    const pinnedIds = async () =>
      ((expectStatus(await get(searchPath), 200).pinned ?? []) as { id: string }[]).map((j) => j.id);
    expect(await featuredIds()).not.toContain(job.id);
    expect(await pinnedIds()).not.toContain(job.id);
    expectStatus(await deliver(completed(checkout.checkout_session_id, `pi_e2e_f_${stamp}`)), 200);
    expect(await featuredIds()).toContain(job.id);
    expect(await pinnedIds()).toEqual([job.id]);
    expect(expectStatus(await get(`/api/v1/jobs/${job.id}`), 200).is_featured).toBe(true);
  });
});
