/**
 * Paid postings (issue #19): products, checkout (Stripe intercepted behind
 * `fetch`), the signed webhook (exactly once, any order, refunds), credits
 * consumed by publishing, featured expiry by cron, the read side and who may
 * do what. Webhook deliveries are signed with the test secret exactly as
 * Stripe signs them.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { featuredExpiryTask } from "../src/modules/billing";
import { billingAccounts, billingEvents, billingPurchases, jobs } from "../src/platform/db/schema";
import { addMember, db, employerWithCompany, makeJob, signedIn } from "./factories";
import {
  appWith,
  billingEnv,
  chargeRefunded,
  deliver,
  fakeStripe,
  sessionCompleted,
  stripeEvent,
  subscription,
} from "./helpers/billing";
import { api, call, expectProblem } from "./helpers/http";

afterEach(() => {
  fakeStripe().spy.mockRestore();
});

const app = appWith();
const DAY = 86_400_000;

async function admin() {
  return signedIn({ role: "admin" });
}

async function product(body: Record<string, unknown>) {
  const a = await admin();
  const r = await api.post("/api/v1/admin/billing/products", body, { token: a.token });
  expect(r.status).toBe(201);
  return r.json as { id: string; prices: { currency: string; unit_amount: number }[] };
}

const pack = (credits = 3) =>
  product({
    kind: "credits",
    name: `Pack of ${credits}`,
    credits,
    prices: [
      { currency: "EUR", unit_amount: 9900 },
      { currency: "usd", unit_amount: 10900 },
    ],
  });
const featured = (days = 30) =>
  product({
    kind: "featured",
    name: `Featured ${days}d`,
    featured_days: days,
    prices: [{ currency: "eur", unit_amount: 4900 }],
  });
const plan = (allowance = 2) =>
  product({
    kind: "plan",
    name: "Monthly",
    monthly_allowance: allowance,
    prices: [{ currency: "eur", unit_amount: 19900 }],
  });

/** An owner starts a checkout; answers the purchase and the captured Stripe requests. */
async function checkout(owner: { token: string; company: { id: string } }, body: Record<string, unknown>) {
  const stripe = fakeStripe();
  const r = await api.post(`/api/v1/companies/${owner.company.id}/billing/checkout`, body, { token: owner.token, app });
  stripe.spy.mockRestore();
  return { ...r, requests: stripe.requests };
}

async function accountOf(companyId: string) {
  return db().select().from(billingAccounts).where(eq(billingAccounts.companyId, companyId)).get();
}

async function purchaseOf(id: string) {
  return db().select().from(billingPurchases).where(eq(billingPurchases.id, id)).get();
}

describe("billing off (no Stripe keys)", () => {
  it("checkout, portal and the webhook are 404 billing-disabled; publishing works as before", async () => {
    const p = await pack();
    const owner = await employerWithCompany();
    const c = await api.post(
      `/api/v1/companies/${owner.company.id}/billing/checkout`,
      { product_id: p.id },
      { token: owner.token },
    );
    expectProblem(c, 404, "billing-disabled");
    const portal = await api.post(`/api/v1/companies/${owner.company.id}/billing/portal`, undefined, {
      token: owner.token,
    });
    expectProblem(portal, 404, "billing-disabled");
    const hook = await deliver(stripeEvent("invoice.paid", { id: "in_x" }), { e: env as Env });
    expectProblem(hook, 404, "billing-disabled");
    const job = await makeJob({ companyId: owner.company.id, status: "draft", isRemote: true });
    const pub = await api.post(`/api/v1/jobs/${job.id}/publish`, undefined, { token: owner.token });
    expect(pub.status).toBe(200);
    expect(pub.json.status).toBe("published");
  });
});

describe("products (admins)", () => {
  it("admins create and reprice products in several currencies; employers see active ones", async () => {
    const p = await pack(5);
    expect(p.prices.map((x) => x.currency)).toEqual(["eur", "usd"]);
    const a = await admin();
    const upd = await api.patch(
      `/api/v1/admin/billing/products/${p.id}`,
      {
        prices: [
          { currency: "eur", unit_amount: 8900 },
          { currency: "gbp", unit_amount: 7900 },
        ],
      },
      { token: a.token },
    );
    expect(upd.status).toBe(200);
    const active = upd.json.prices.filter((x: { active: boolean }) => x.active);
    expect(active.map((x: { currency: string; unit_amount: number }) => [x.currency, x.unit_amount])).toEqual([
      ["eur", 8900],
      ["gbp", 7900],
    ]);
    const pub = await api.get("/api/v1/billing/products");
    const mine = pub.json.data.find((x: { id: string }) => x.id === p.id);
    expect(mine.prices.map((x: { currency: string }) => x.currency)).toEqual(["eur", "gbp"]);
    await api.patch(`/api/v1/admin/billing/products/${p.id}`, { active: false }, { token: a.token });
    const after = await api.get("/api/v1/billing/products");
    expect(after.json.data.some((x: { id: string }) => x.id === p.id)).toBe(false);
  });

  it("refuses inconsistent products and non-admins", async () => {
    const a = await admin();
    const bad = await api.post(
      "/api/v1/admin/billing/products",
      { kind: "featured", name: "x", credits: 3, prices: [{ currency: "eur", unit_amount: 100 }] },
      { token: a.token },
    );
    const problem = expectProblem(bad, 400, "validation-error");
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(["credits", "featured_days"]);
    const owner = await employerWithCompany();
    const r = await api.post(
      "/api/v1/admin/billing/products",
      { kind: "credits", name: "x", credits: 1, prices: [{ currency: "eur", unit_amount: 100 }] },
      { token: owner.token },
    );
    expectProblem(r, 403, "forbidden-role");
  });
});

describe("checkout", () => {
  it("an owner gets a Stripe Checkout Session priced inline, returning to our page", async () => {
    const p = await pack(3);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id, currency: "usd" });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: "pending", kind: "credits", currency: "usd", amount: 10900, credits: 3 });
    expect(r.json.checkout_url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const [customer, session] = r.requests;
    expect(customer?.path).toBe("/v1/customers");
    expect(customer?.authorization).toBe("Bearer sk_test_billing_0123456789");
    expect(session?.path).toBe("/v1/checkout/sessions");
    expect(session?.form.get("mode")).toBe("payment");
    expect(session?.form.get("line_items[0][price_data][currency]")).toBe("usd");
    expect(session?.form.get("line_items[0][price_data][unit_amount]")).toBe("10900");
    expect(session?.form.get("metadata[company_id]")).toBe(owner.company.id);
    expect(session?.form.get("metadata[purchase_id]")).toBe(r.json.id);
    expect(session?.form.get("success_url")).toBe(
      `${env.PUBLIC_APP_URL}/billing/return?result=success&purchase=${r.json.id}`,
    );
    expect(session?.idempotencyKey).toBe(`checkout-${r.json.id}`);
    // The second checkout reuses the company's Stripe customer.
    const again = await checkout(owner, { product_id: p.id });
    expect(again.requests.map((q) => q.path)).toEqual(["/v1/checkout/sessions"]);
    expect(again.requests[0]?.form.get("customer")).toBe(session?.form.get("customer"));
    const page = await call("GET", `/billing/return?result=success&purchase=${r.json.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Your payment went through");
  });

  it("only owners buy: recruiters 403, other employers 404, seekers and admins refused, anonymous 401", async () => {
    const p = await pack();
    const owner = await employerWithCompany();
    const recruiter = await signedIn({ role: "employer" });
    await addMember(owner.company.id, recruiter.user.id, "recruiter");
    const stranger = await employerWithCompany();
    const seeker = await signedIn({ role: "seeker" });
    const a = await admin();
    const path = `/api/v1/companies/${owner.company.id}/billing/checkout`;
    const stripe = fakeStripe();
    expectProblem(await api.post(path, { product_id: p.id }, { token: recruiter.token, app }), 403, "forbidden");
    expectProblem(await api.post(path, { product_id: p.id }, { token: stranger.token, app }), 404, "not-found");
    expectProblem(await api.post(path, { product_id: p.id }, { token: seeker.token, app }), 403, "forbidden-role");
    expectProblem(await api.post(path, { product_id: p.id }, { token: a.token, app }), 403, "forbidden-role");
    expectProblem(await api.post(path, { product_id: p.id }, { app }), 401, "unauthorized");
    expectProblem(
      await api.post(path, { product_id: p.id, extra: 1 }, { token: owner.token, app }),
      400,
      "validation-error",
    );
    expect(stripe.requests).toEqual([]);
    // Someone else's billing state is not visible either.
    expectProblem(
      await api.get(`/api/v1/companies/${owner.company.id}/billing`, { token: stranger.token }),
      404,
      "not-found",
    );
    expect((await api.get(`/api/v1/companies/${owner.company.id}/billing`, { token: recruiter.token })).status).toBe(
      200,
    );
  });

  it("a plan starts a subscription checkout; a second plan while one is active is 409", async () => {
    const pl = await plan(5);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: pl.id });
    expect(r.status).toBe(201);
    const session = r.requests.find((q) => q.path === "/v1/checkout/sessions");
    expect(session?.form.get("mode")).toBe("subscription");
    expect(session?.form.get("line_items[0][price_data][recurring][interval]")).toBe("month");
    expect(session?.form.get("subscription_data[metadata][company_id]")).toBe(owner.company.id);
    expect(session?.form.get("subscription_data[metadata][product_id]")).toBe(pl.id);
    const now = Math.floor(Date.now() / 1000);
    await deliver(
      stripeEvent(
        "customer.subscription.created",
        subscription(
          "sub_twice",
          "active",
          { company_id: owner.company.id, product_id: pl.id },
          { start: now, end: now + 86_400 },
        ),
      ),
    );
    expectProblem(await checkout(owner, { product_id: pl.id }), 409, "plan-already-active");
  });

  it("a featured upgrade needs one of the company's own jobs", async () => {
    const f = await featured();
    const owner = await employerWithCompany();
    const other = await employerWithCompany();
    const theirs = await makeJob({ companyId: other.company.id });
    expectProblem(await checkout(owner, { product_id: f.id }), 400, "validation-error");
    expectProblem(await checkout(owner, { product_id: f.id, job_id: theirs.id }), 404, "not-found");
    expectProblem(await checkout(owner, { product_id: f.id, currency: "jpy" }), 400, "validation-error");
  });
});

describe("webhook", () => {
  it("refuses unsigned, wrongly signed and stale deliveries", async () => {
    const ev = stripeEvent("invoice.paid", { id: "in_nope" });
    expectProblem(await deliver(ev, { signature: "t=1,v1=deadbeef" }), 400, "invalid-signature");
    expectProblem(await deliver(ev, { secret: "whsec_someone_else" }), 400, "invalid-signature");
    expect(await db().select().from(billingEvents).where(eq(billingEvents.id, ev.id)).get()).toBeUndefined();
  });

  it("a paid pack grants its credits exactly once, however often Stripe redelivers", async () => {
    const p = await pack(3);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    const ev = sessionCompleted(r.json.checkout_session_id);
    const first = await deliver(ev);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ received: true, duplicate: false, type: "checkout.session.completed" });
    const second = await deliver(ev);
    expect(second.json.duplicate).toBe(true);
    // A different event for the same session (Stripe can send both) does not grant again either.
    await deliver(sessionCompleted(r.json.checkout_session_id));
    expect((await accountOf(owner.company.id))?.credits).toBe(3);
    expect((await purchaseOf(r.json.id))?.status).toBe("paid");
    const list = await api.get(`/api/v1/companies/${owner.company.id}/billing/purchases`, { token: owner.token });
    expect(list.json.data[0]).toMatchObject({ id: r.json.id, status: "paid", credits: 3 });
  });

  it("an unpaid (delayed) completion grants nothing", async () => {
    const p = await pack(2);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.json.checkout_session_id, { paymentStatus: "unpaid" }));
    expect((await purchaseOf(r.json.id))?.status).toBe("pending");
    expect((await accountOf(owner.company.id))?.credits ?? 0).toBe(0);
  });

  it("a full refund takes the credits back; a partial one is only recorded", async () => {
    const p = await pack(3);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.json.checkout_session_id, { paymentIntent: `pi_${r.json.id}` }));
    await deliver(chargeRefunded(`pi_${r.json.id}`, 9900, 1000));
    expect((await accountOf(owner.company.id))?.credits).toBe(3);
    expect((await purchaseOf(r.json.id))?.amountRefunded).toBe(1000);
    await deliver(chargeRefunded(`pi_${r.json.id}`, 9900, 9900));
    expect((await accountOf(owner.company.id))?.credits).toBe(0);
    const row = await purchaseOf(r.json.id);
    expect(row?.status).toBe("refunded");
    expect(row?.amountRefunded).toBe(9900);
    // A late partial-refund event (older, smaller amount) cannot lower the recorded refund.
    await deliver(chargeRefunded(`pi_${r.json.id}`, 9900, 1000));
    expect((await purchaseOf(r.json.id))?.amountRefunded).toBe(9900);
  });

  it("a refund that arrives before the payment's event: the payment then grants nothing", async () => {
    const p = await pack(4);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    const pi = `pi_early_${r.json.id}`;
    await deliver(chargeRefunded(pi, 9900, 9900));
    await deliver(sessionCompleted(r.json.checkout_session_id, { paymentIntent: pi }));
    expect((await accountOf(owner.company.id))?.credits).toBe(0);
    expect((await purchaseOf(r.json.id))?.status).toBe("refunded");
  });
});

describe("featured upgrades", () => {
  it("a paid upgrade features the job for N days; refunds and the cron end it", async () => {
    const f = await featured(10);
    const owner = await employerWithCompany();
    const job = await makeJob({ companyId: owner.company.id, status: "published" });
    const r = await checkout(owner, { product_id: f.id, job_id: job.id });
    const before = Date.now();
    await deliver(sessionCompleted(r.json.checkout_session_id, { paymentIntent: `pi_${r.json.id}` }));
    let row = await db().select().from(jobs).where(eq(jobs.id, job.id)).get();
    expect(row?.isFeatured).toBe(true);
    expect(row?.featuredUntil).toBeGreaterThanOrEqual(before + 10 * DAY);
    const list = await api.get("/api/v1/jobs/featured");
    expect(list.json.data.some((j: { id: string }) => j.id === job.id)).toBe(true);
    // A second upgrade adds its days to the running one.
    const r2 = await checkout(owner, { product_id: f.id, job_id: job.id });
    await deliver(sessionCompleted(r2.json.checkout_session_id, { paymentIntent: `pi_${r2.json.id}` }));
    row = await db().select().from(jobs).where(eq(jobs.id, job.id)).get();
    expect(row?.featuredUntil).toBeGreaterThanOrEqual(before + 20 * DAY);
    // Refunding the second takes its ten days back; the job stays featured on the first.
    await deliver(chargeRefunded(`pi_${r2.json.id}`, 4900, 4900));
    row = await db().select().from(jobs).where(eq(jobs.id, job.id)).get();
    expect(row?.isFeatured).toBe(true);
    expect(row?.featuredUntil).toBeLessThan(before + 11 * DAY);
    // The cron ends the upgrade when its time is up, not before.
    const ctx = { env, ctx: {} as ExecutionContext };
    await featuredExpiryTask.run({ ...ctx, scheduledTime: Date.now() + 5 * DAY });
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.isFeatured).toBe(true);
    const ran = await featuredExpiryTask.run({ ...ctx, scheduledTime: Date.now() + 11 * DAY });
    expect(ran).toMatchObject({ expired: expect.any(Number) });
    row = await db().select().from(jobs).where(eq(jobs.id, job.id)).get();
    expect(row?.isFeatured).toBe(false);
    expect(row?.featuredUntil).toBeNull();
  });
});

describe("plans and posting credits", () => {
  const required = { ...billingEnv, BILLING_POSTING_CREDITS_REQUIRED: "true" } as Env;

  it("subscription events apply in Stripe's order, whatever order they arrive in", async () => {
    const pl = await plan(2);
    const owner = await employerWithCompany();
    const meta = { company_id: owner.company.id, product_id: pl.id };
    const now = Math.floor(Date.now() / 1000);
    const period = { start: now, end: now + 30 * 86_400 };
    const updated = stripeEvent("customer.subscription.updated", subscription("sub_1", "active", meta, period), {
      created: now + 10,
    });
    const created = stripeEvent("customer.subscription.created", subscription("sub_1", "incomplete", meta, period), {
      created: now,
    });
    await deliver(updated);
    await deliver(created);
    let a = await accountOf(owner.company.id);
    expect(a).toMatchObject({ subscriptionId: "sub_1", subscriptionStatus: "active", planAllowance: 2 });
    const deleted = stripeEvent("customer.subscription.deleted", subscription("sub_1", "canceled", meta, period), {
      created: now + 20,
    });
    const lateUpdate = stripeEvent("customer.subscription.updated", subscription("sub_1", "past_due", meta, period), {
      created: now + 15,
    });
    await deliver(deleted);
    await deliver(lateUpdate);
    a = await accountOf(owner.company.id);
    expect(a?.subscriptionStatus).toBe("canceled");
  });

  it("publishing uses the plan allowance, then credits, then 402 when postings must be paid", async () => {
    const pl = await plan(1);
    const owner = await employerWithCompany();
    const meta = { company_id: owner.company.id, product_id: pl.id };
    const now = Math.floor(Date.now() / 1000);
    await deliver(
      stripeEvent(
        "customer.subscription.created",
        subscription("sub_p", "active", meta, { start: now - 60, end: now + 30 * 86_400 }),
      ),
    );
    const p = await pack(1);
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.json.checkout_session_id));
    const draft = () => makeJob({ companyId: owner.company.id, status: "draft", isRemote: true });
    const publish = (id: string) =>
      api.post(`/api/v1/jobs/${id}/publish`, undefined, { token: owner.token, app: appWith(required) });

    const j1 = await draft();
    expect((await publish(j1.id)).status).toBe(200);
    expect(await accountOf(owner.company.id)).toMatchObject({ planUsed: 1, credits: 1 });
    const j2 = await draft();
    expect((await publish(j2.id)).status).toBe(200);
    expect(await accountOf(owner.company.id)).toMatchObject({ planUsed: 1, credits: 0 });
    const j3 = await draft();
    const refused = await publish(j3.id);
    expectProblem(refused, 402, "posting-credit-required");
    expect((await db().select().from(jobs).where(eq(jobs.id, j3.id)).get())?.status).toBe("draft");
    const state = await api.get(`/api/v1/companies/${owner.company.id}/billing`, {
      token: owner.token,
      app: appWith(required),
    });
    expect(state.json).toMatchObject({
      credits: 0,
      credits_required: true,
      plan: { used: 1, remaining: 0, status: "active" },
    });

    // The next period's paid invoice restores the allowance (and shows up with Stripe's hosted link).
    await deliver(
      stripeEvent("invoice.paid", {
        id: `in_${owner.company.id}`,
        object: "invoice",
        customer: "cus_test",
        number: "ABCD-0001",
        currency: "eur",
        amount_paid: 19900,
        created: now,
        hosted_invoice_url: "https://invoice.stripe.com/i/acct_test/test_1",
        invoice_pdf: "https://pay.stripe.com/invoice/acct_test/test_1/pdf",
        status_transitions: { paid_at: now },
        parent: { type: "subscription_details", subscription_details: { subscription: "sub_p", metadata: meta } },
        lines: { object: "list", data: [{ period: { start: now + 1, end: now + 31 * 86_400 } }] },
      }),
    );
    expect((await publish(j3.id)).status).toBe(200);
    const inv = await api.get(`/api/v1/companies/${owner.company.id}/billing/invoices`, { token: owner.token });
    expect(inv.json.data[0]).toMatchObject({
      number: "ABCD-0001",
      hosted_invoice_url: "https://invoice.stripe.com/i/acct_test/test_1",
    });
  });

  it("credits run out; a job republished after moderation does not pay twice; free when not required", async () => {
    const p = await pack(1);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.json.checkout_session_id));
    const j1 = await makeJob({ companyId: owner.company.id, status: "draft", isRemote: true });
    const pub = (id: string, e: Env) =>
      api.post(`/api/v1/jobs/${id}/publish`, undefined, { token: owner.token, app: appWith(e) });
    expect((await pub(j1.id, required)).status).toBe(200);
    expect((await accountOf(owner.company.id))?.credits).toBe(0);
    // Sent back to draft (e.g. by moderation) and published again: already paid.
    await db().update(jobs).set({ status: "draft", approvedAt: null }).where(eq(jobs.id, j1.id));
    expect((await pub(j1.id, required)).status).toBe(200);
    const j2 = await makeJob({ companyId: owner.company.id, status: "draft", isRemote: true });
    expectProblem(await pub(j2.id, required), 402, "posting-credit-required");
    // Where postings need not be paid, a company without credits publishes free.
    expect((await pub(j2.id, billingEnv)).status).toBe(200);
  });
});

describe("racing for the last credit", () => {
  it("two publications, one credit: one job goes live, the other is refused, credits never below zero", async () => {
    const required = { ...billingEnv, BILLING_POSTING_CREDITS_REQUIRED: "true" } as Env;
    const p = await pack(1);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.json.checkout_session_id));
    const [a, b] = await Promise.all([
      makeJob({ companyId: owner.company.id, status: "draft", isRemote: true }),
      makeJob({ companyId: owner.company.id, status: "draft", isRemote: true }),
    ]);
    const results = await Promise.all(
      [a, b].map((j) =>
        api.post(`/api/v1/jobs/${j.id}/publish`, undefined, { token: owner.token, app: appWith(required) }),
      ),
    );
    const statuses = results.map((x) => x.status).sort();
    expect(statuses[0]).toBe(200);
    // The loser either saw no credit (402) or lost the CHECK in its batch (409): never a 5xx, never two winners.
    expect([402, 409]).toContain(statuses[1]);
    expect((await accountOf(owner.company.id))?.credits).toBe(0);
    const rows = await Promise.all([a, b].map((j) => db().select().from(jobs).where(eq(jobs.id, j.id)).get()));
    expect(rows.filter((x) => x?.status === "published")).toHaveLength(1);
  });
});

describe("reads", () => {
  it("the customer portal link, and admins' revenue by month and product", async () => {
    const p = await pack(2);
    const owner = await employerWithCompany();
    const portalPath = `/api/v1/companies/${owner.company.id}/billing/portal`;
    expectProblem(await api.post(portalPath, undefined, { token: owner.token, app }), 409, "no-billing-customer");
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.json.checkout_session_id, { paymentIntent: `pi_${r.json.id}` }));
    const stripe = fakeStripe();
    const portal = await api.post(portalPath, undefined, { token: owner.token, app });
    expect(portal.status).toBe(200);
    expect(portal.json.url).toMatch(/^https:\/\/billing\.stripe\.com\//);
    expect(stripe.requests[0]?.path).toBe("/v1/billing_portal/sessions");
    stripe.spy.mockRestore();
    await deliver(chargeRefunded(`pi_${r.json.id}`, 9900, 900));
    const a = await admin();
    const rev = await api.get("/api/v1/admin/billing/revenue", { token: a.token });
    expect(rev.status).toBe(200);
    const month = new Date().toISOString().slice(0, 7);
    const row = rev.json.data.find(
      (x: { product_id: string; month: string }) => x.product_id === p.id && x.month === month,
    );
    expect(row).toMatchObject({
      currency: "eur",
      gross: 9900,
      refunded: 900,
      net: 9000,
      count: 1,
      product_name: "Pack of 2",
    });
    expectProblem(await api.get("/api/v1/admin/billing/revenue", { token: owner.token }), 403, "forbidden-role");
    expectProblem(
      await api.get("/api/v1/admin/billing/revenue?from=2026-13x", { token: a.token }),
      400,
      "validation-error",
    );
  });
});
