/**
 * Billing (issue #19), the delayed-payment events and revenue history:
 * `checkout.session.async_payment_succeeded` / `_failed` (a session completed
 * `unpaid` takes effect only once paid, exactly once, in any order), and a
 * deleted company's purchases and invoices kept for the revenue report.
 * Webhook deliveries use Stripe's event envelope, signed with the test secret.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { billingAccounts, billingInvoices, billingPurchases, jobs } from "../src/platform/db/schema";
import { db, employerWithCompany, makeJob, signedIn } from "./factories";
import { appWith, deliver, fakeStripe, sessionCompleted, stripeEvent, subscription } from "./helpers/billing";
import { api } from "./helpers/http";

afterEach(() => {
  fakeStripe().spy.mockRestore();
});

const app = appWith();
const SUCCEEDED = "checkout.session.async_payment_succeeded";
const FAILED = "checkout.session.async_payment_failed";

async function product(body: Record<string, unknown>) {
  const a = await signedIn({ role: "admin" });
  const r = await api.post("/api/v1/admin/billing/products", body, { token: a.token });
  expect(r.status).toBe(201);
  return r.json as { id: string };
}

const pack = (credits: number) =>
  product({ kind: "credits", name: `Pack of ${credits}`, credits, prices: [{ currency: "eur", unit_amount: 9900 }] });

async function checkout(owner: { token: string; company: { id: string } }, body: Record<string, unknown>) {
  const stripe = fakeStripe();
  const r = await api.post(`/api/v1/companies/${owner.company.id}/billing/checkout`, body, { token: owner.token, app });
  stripe.spy.mockRestore();
  expect(r.status).toBe(201);
  return r.json as { id: string; checkout_session_id: string };
}

const creditsOf = async (companyId: string) =>
  (await db().select().from(billingAccounts).where(eq(billingAccounts.companyId, companyId)).get())?.credits ?? 0;
const purchaseOf = (id: string) => db().select().from(billingPurchases).where(eq(billingPurchases.id, id)).get();

describe("delayed payments (async_payment_succeeded / _failed)", () => {
  it("a session completed unpaid grants only when the delayed payment succeeds, once", async () => {
    const p = await pack(2);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    const pi = `pi_sepa_${r.id}`;
    await deliver(sessionCompleted(r.checkout_session_id, { paymentStatus: "unpaid", paymentIntent: pi }));
    expect((await purchaseOf(r.id))?.status).toBe("pending");
    expect(await creditsOf(owner.company.id)).toBe(0);
    const ok = sessionCompleted(r.checkout_session_id, { type: SUCCEEDED, paymentIntent: pi });
    const first = await deliver(ok);
    expect(first.json).toEqual({ received: true, duplicate: false, type: SUCCEEDED });
    expect(await creditsOf(owner.company.id)).toBe(2);
    const row = await purchaseOf(r.id);
    expect(row).toMatchObject({ status: "paid", paymentIntentId: pi });
    expect(row?.paidAt).toEqual(expect.any(Number));
    // Redelivered, or a second completion of the same session: nothing more.
    expect((await deliver(ok)).json.duplicate).toBe(true);
    await deliver(sessionCompleted(r.checkout_session_id, { type: SUCCEEDED, paymentIntent: pi }));
    await deliver(sessionCompleted(r.checkout_session_id, { paymentIntent: pi }));
    expect(await creditsOf(owner.company.id)).toBe(2);
  });

  it("in any order: the success before the (unpaid) completion still grants exactly once", async () => {
    const p = await pack(3);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.checkout_session_id, { type: SUCCEEDED }));
    await deliver(sessionCompleted(r.checkout_session_id, { paymentStatus: "unpaid" }));
    expect(await creditsOf(owner.company.id)).toBe(3);
    expect((await purchaseOf(r.id))?.status).toBe("paid");
  });

  it("a failed delayed payment marks the purchase failed and never grants", async () => {
    const p = await pack(2);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.checkout_session_id, { paymentStatus: "unpaid" }));
    const failed = await deliver(sessionCompleted(r.checkout_session_id, { type: FAILED, paymentStatus: "unpaid" }));
    expect(failed.json).toMatchObject({ duplicate: false, type: FAILED });
    expect((await purchaseOf(r.id))?.status).toBe("failed");
    // A late (replayed) success of the failed session cannot resurrect it.
    await deliver(sessionCompleted(r.checkout_session_id, { type: SUCCEEDED }));
    expect(await creditsOf(owner.company.id)).toBe(0);
    const list = await api.get(`/api/v1/companies/${owner.company.id}/billing/purchases`, { token: owner.token });
    expect(list.json.data[0]).toMatchObject({ id: r.id, status: "failed" });
    // A failure never undoes a confirmed payment.
    const r2 = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r2.checkout_session_id));
    await deliver(sessionCompleted(r2.checkout_session_id, { type: FAILED, paymentStatus: "unpaid" }));
    expect((await purchaseOf(r2.id))?.status).toBe("paid");
    expect(await creditsOf(owner.company.id)).toBe(2);
  });

  it("a delayed featured upgrade features the job only on success", async () => {
    const f = await product({
      kind: "featured",
      name: "Featured 7d",
      featured_days: 7,
      prices: [{ currency: "eur", unit_amount: 4900 }],
    });
    const owner = await employerWithCompany();
    const job = await makeJob({ companyId: owner.company.id, status: "published" });
    const r = await checkout(owner, { product_id: f.id, job_id: job.id });
    await deliver(sessionCompleted(r.checkout_session_id, { paymentStatus: "unpaid" }));
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.isFeatured).toBe(false);
    await deliver(sessionCompleted(r.checkout_session_id, { type: SUCCEEDED }));
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.isFeatured).toBe(true);
  });
});

describe("a deleted company's revenue history", () => {
  it("keeps its purchases and invoices (detached, with the company's name) and the revenue report", async () => {
    const p = await pack(2);
    const owner = await employerWithCompany();
    const companyId = owner.company.id;
    const r = await checkout(owner, { product_id: p.id });
    await deliver(sessionCompleted(r.checkout_session_id));
    const now = Math.floor(Date.now() / 1000);
    const invoiceId = `in_history_${companyId}`;
    await deliver(
      stripeEvent("invoice.paid", {
        id: invoiceId,
        object: "invoice",
        customer: "cus_test",
        number: "HIST-0001",
        currency: "eur",
        amount_paid: 19900,
        created: now,
        status_transitions: { paid_at: now },
        parent: {
          type: "subscription_details",
          subscription_details: { subscription: "sub_hist", metadata: { company_id: companyId, product_id: p.id } },
        },
        lines: { object: "list", data: [{ period: { start: now, end: now + 30 * 86_400 } }] },
      }),
    );
    const admin = await signedIn({ role: "admin" });
    const month = new Date().toISOString().slice(0, 7);
    const revenueOf = async () => {
      const rev = await api.get("/api/v1/admin/billing/revenue", { token: admin.token });
      expect(rev.status).toBe(200);
      return rev.json.data.find(
        (x: { product_id: string; month: string }) => x.product_id === p.id && x.month === month,
      );
    };
    const before = await revenueOf();
    expect(before).toMatchObject({ gross: 9900 + 19900, count: 2 });

    expect((await api.delete(`/api/v1/companies/${companyId}`, { token: owner.token })).status).toBe(204);

    const purchase = await purchaseOf(r.id);
    expect(purchase).toMatchObject({ companyId: null, companyName: owner.company.name, status: "paid", amount: 9900 });
    const invoice = await db().select().from(billingInvoices).where(eq(billingInvoices.id, invoiceId)).get();
    expect(invoice).toMatchObject({ companyId: null, companyName: owner.company.name, amountPaid: 19900 });
    // The account (credits, plan) goes with the company; the money it paid stays counted.
    expect(await db().select().from(billingAccounts).where(eq(billingAccounts.companyId, companyId)).get()).toBe(
      undefined,
    );
    expect(await revenueOf()).toEqual(before);
  });

  it("a refund arriving after the company was deleted is still recorded", async () => {
    const p = await pack(1);
    const owner = await employerWithCompany();
    const r = await checkout(owner, { product_id: p.id });
    const pi = `pi_gone_${r.id}`;
    await deliver(sessionCompleted(r.checkout_session_id, { paymentIntent: pi }));
    expect((await api.delete(`/api/v1/companies/${owner.company.id}`, { token: owner.token })).status).toBe(204);
    const refund = await deliver(
      stripeEvent("charge.refunded", {
        id: `ch_${pi}`,
        object: "charge",
        amount: 9900,
        amount_refunded: 9900,
        refunded: true,
        currency: "eur",
        payment_intent: pi,
        invoice: null,
      }),
    );
    expect(refund.status).toBe(200);
    expect(await purchaseOf(r.id)).toMatchObject({ status: "refunded", amountRefunded: 9900, companyId: null });
  });
  it("an invoice or subscription event naming a deleted company is recorded, not retried forever", async () => {
    const p = await product({
      kind: "plan",
      name: "Monthly plan",
      monthly_allowance: 5,
      prices: [{ currency: "eur", unit_amount: 4900 }],
    });
    const owner = await employerWithCompany();
    const companyId = owner.company.id;
    expect((await api.delete(`/api/v1/companies/${companyId}`, { token: owner.token })).status).toBe(204);
    const now = Math.floor(Date.now() / 1000);
    const meta = { company_id: companyId, product_id: p.id };
    const updated = await deliver(
      stripeEvent(
        "customer.subscription.updated",
        subscription("sub_gone", "active", meta, { start: now, end: now + 86_400 }),
      ),
    );
    expect(updated.status).toBe(200);
    const invoiceId = `in_gone_${companyId}`;
    const paid = await deliver(
      stripeEvent("invoice.paid", {
        id: invoiceId,
        object: "invoice",
        customer: "cus_test",
        currency: "eur",
        amount_paid: 4900,
        created: now,
        status_transitions: { paid_at: now },
        parent: { type: "subscription_details", subscription_details: { subscription: "sub_gone", metadata: meta } },
        lines: { object: "list", data: [{ period: { start: now, end: now + 30 * 86_400 } }] },
      }),
    );
    expect(paid.status).toBe(200);
    const invoice = await db().select().from(billingInvoices).where(eq(billingInvoices.id, invoiceId)).get();
    expect(invoice).toMatchObject({ companyId: null, amountPaid: 4900, productId: p.id });
    expect(await db().select().from(billingAccounts).where(eq(billingAccounts.companyId, companyId)).get()).toBe(
      undefined,
    );
  });
});
