/**
 * Starting a purchase: a Stripe Checkout Session for one of the company's
 * owners, and Stripe's customer portal. Nothing is granted here: the purchase
 * stays `pending` until Stripe's signed webhook says it is paid (webhook.ts).
 */
import { ApiError, badRequest, conflict, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import { appUrl } from "../../lib/urls";
import type { Db } from "../../platform/db/client";
import { billingAccounts, billingPurchases } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { requireCompanyAccess } from "../companies";
import { jobOfCompany } from "../jobs";
import { getAccount, planCovers } from "./account";
import { getProduct } from "./products";
import type { CheckoutInput } from "./schemas";
import { type BillingEnv, callStripe, requireBilling, stripeClient } from "./stripe";

/** Only the company's owners spend its money: recruiters get `403`, strangers `404` (admins are not owners either). */
export async function requireOwner(db: Db, auth: AuthContext, companyId: string): Promise<void> {
  if (auth.role === "admin") throw notFound("Company");
  await requireCompanyAccess(db, auth, companyId, { ownerOnly: true });
}

/** The company's Stripe customer, created on first use (idempotent per company) and remembered. */
async function customerFor(db: Db, env: BillingEnv, companyId: string, now: number): Promise<string> {
  const account = await getAccount(db, companyId);
  if (account?.stripeCustomerId) return account.stripeCustomerId;
  const stripe = await stripeClient(env);
  const customer = await callStripe("create the customer", () =>
    stripe.customers.create(
      { metadata: { company_id: companyId } },
      { idempotencyKey: `company-customer-${companyId}` },
    ),
  );
  await db
    .insert(billingAccounts)
    .values({ companyId, stripeCustomerId: customer.id, updatedAt: now })
    .onConflictDoUpdate({ target: billingAccounts.companyId, set: { stripeCustomerId: customer.id, updatedAt: now } });
  return customer.id;
}

export async function createCheckout(
  db: Db,
  env: BillingEnv,
  auth: AuthContext,
  companyId: string,
  input: CheckoutInput,
  now = Date.now(),
) {
  requireBilling(env);
  await requireOwner(db, auth, companyId);
  const product = await getProduct(db, input.product_id).catch(() => null);
  if (!product?.active) throw notFound("Product");
  const prices = product.prices.filter((p) => p.active);
  const price = input.currency ? prices.find((p) => p.currency === input.currency) : prices[0];
  if (!price) {
    throw badRequest("The product has no price in this currency.", [
      { path: "currency", message: `one of: ${prices.map((p) => p.currency).join(", ")}` },
    ]);
  }
  if (product.kind === "featured") {
    if (!input.job_id) throw badRequest("A featured upgrade needs job_id.", [{ path: "job_id", message: "required" }]);
    if (!(await jobOfCompany(db, input.job_id, companyId))) throw notFound("Job");
  } else if (input.job_id) {
    throw badRequest("job_id is only for featured upgrades.", [{ path: "job_id", message: "not for this product" }]);
  }
  if (product.kind === "plan") {
    const account = await getAccount(db, companyId);
    if (account && planCovers({ ...account, planAllowance: null }, now)) {
      throw conflict(
        "plan-already-active",
        "The company already has an active plan; change it in the customer portal.",
      );
    }
  }
  const customer = await customerFor(db, env, companyId, now);
  const purchaseId = newId(now);
  const metadata = { purchase_id: purchaseId, company_id: companyId, product_id: product.id };
  const back = (result: string) => appUrl(env, `/billing/return?result=${result}&purchase=${purchaseId}`);
  const stripe = await stripeClient(env);
  const session = await callStripe("start the checkout", () =>
    stripe.checkout.sessions.create(
      {
        mode: product.kind === "plan" ? "subscription" : "payment",
        customer,
        client_reference_id: companyId,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: price.currency,
              unit_amount: price.unitAmount,
              product_data: { name: product.name, metadata: { product_id: product.id } },
              ...(product.kind === "plan" ? { recurring: { interval: "month" as const } } : {}),
            },
          },
        ],
        metadata,
        ...(product.kind === "plan" ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
        success_url: back("success"),
        cancel_url: back("cancelled"),
      },
      { idempotencyKey: `checkout-${purchaseId}` },
    ),
  );
  if (!session.url) throw new ApiError(503, "stripe-unavailable", "Stripe returned no checkout page; try again.");
  const [row] = await db
    .insert(billingPurchases)
    .values({
      id: purchaseId,
      companyId,
      productId: product.id,
      priceId: price.id,
      kind: product.kind,
      jobId: input.job_id ?? null,
      currency: price.currency,
      amount: price.unitAmount,
      credits: product.credits,
      featuredDays: product.featuredDays,
      checkoutSessionId: session.id,
      checkoutUrl: session.url,
      createdBy: auth.userId,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error("purchase insert returned nothing");
  return row;
}

/** A Stripe customer-portal session (invoices, payment methods, plan changes and cancellation). */
export async function createPortal(db: Db, env: BillingEnv, auth: AuthContext, companyId: string) {
  requireBilling(env);
  await requireOwner(db, auth, companyId);
  const account = await getAccount(db, companyId);
  if (!account?.stripeCustomerId) {
    throw conflict("no-billing-customer", "The company has not bought anything yet, so it has no billing portal.");
  }
  const stripe = await stripeClient(env);
  const customer = account.stripeCustomerId;
  const session = await callStripe("open the customer portal", () =>
    stripe.billingPortal.sessions.create({ customer, return_url: appUrl(env, "/billing/return?result=portal") }),
  );
  return { url: session.url };
}
