/**
 * Stripe's webhook: the only way a purchase takes effect. The signature is
 * verified over the raw body (`constructEventAsync`, Web Crypto); each event's
 * id is stored in the same D1 batch as its effects, so a redelivered event
 * (Stripe retries until it gets a 2xx) changes nothing, and two deliveries
 * racing each other cannot both apply. Events may come in any order:
 *
 * - subscription events apply only when newer (Stripe's `created`) than the
 *   last one applied, and a canceled subscription never comes back;
 * - a refund of a payment we have not matched yet is parked in
 *   `billing_refunds` and applied when the payment's event arrives;
 * - grants (credits, featured days) are guarded by the purchase still being
 *   `pending`, reversals by it being `paid`, and cumulative amounts take the
 *   maximum seen, so replays and reorderings cannot double anything.
 */
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { isUniqueViolation } from "../../http/db-errors";
import { ApiError } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import {
  type BillingPurchaseRow,
  billingAccounts,
  billingEvents,
  billingInvoices,
  billingProducts,
  billingPurchases,
  billingRefunds,
} from "../../platform/db/schema";
import { companyExists } from "../companies";
import { featureJobStatement, unfeatureJobStatement } from "../jobs";
import { ensureAccount } from "./account";
import { type BillingEnv, requireBilling, stripeModule } from "./stripe";

/** Signed timestamps older than this are refused (Stripe's default tolerance). */
const TOLERANCE_SECONDS = 300;

/** The event types we act on; any other verified event is acknowledged and ignored. */
export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "invoice.paid",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "charge.refunded",
] as const;

type Obj = Record<string, unknown>;
interface StripeEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Obj };
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
/** An expandable Stripe field: the id string, or the expanded object's id. */
const idOf = (v: unknown): string | null => str(v) ?? str(obj(v).id);
const ms = (seconds: number | null) => (seconds === null ? null : seconds * 1000);

export type WebhookResult = { duplicate: boolean; type: string };

/** Verifies and applies one delivery; `400 invalid-signature` when it is not from Stripe. */
export async function handleStripeWebhook(
  db: Db,
  env: BillingEnv,
  rawBody: string,
  signature: string | undefined,
  now = Date.now(),
): Promise<WebhookResult> {
  const { webhookSecret } = requireBilling(env);
  if (!signature) throw new ApiError(400, "invalid-signature", "The Stripe-Signature header is missing.");
  const Stripe = await stripeModule();
  let event: StripeEvent;
  try {
    event = (await Stripe.webhooks.constructEventAsync(
      rawBody,
      signature,
      webhookSecret,
      TOLERANCE_SECONDS,
      Stripe.createSubtleCryptoProvider(),
    )) as unknown as StripeEvent;
  } catch {
    throw new ApiError(400, "invalid-signature", "The Stripe signature does not match this body and secret.");
  }
  const seen = await db
    .select({ id: billingEvents.id })
    .from(billingEvents)
    .where(eq(billingEvents.id, event.id))
    .get();
  if (seen) return { duplicate: true, type: event.type };
  const effects = await effectsOf(db, event, now);
  const record = db
    .insert(billingEvents)
    .values({ id: event.id, type: event.type, stripeCreated: event.created, processedAt: now });
  try {
    await db.batch([record, ...effects] as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (err) {
    // A concurrent delivery of the same event committed first: its effects stand, ours rolled back.
    if (isUniqueViolation(err, "billing_events.id")) return { duplicate: true, type: event.type };
    throw err;
  }
  return { duplicate: false, type: event.type };
}

async function effectsOf(db: Db, event: StripeEvent, now: number): Promise<BatchItem<"sqlite">[]> {
  const o = event.data?.object ?? {};
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return checkoutCompleted(db, event, o, now);
    case "checkout.session.async_payment_failed":
      return checkoutFailed(db, o);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return subscriptionChanged(db, event, o, now);
    case "invoice.paid":
      return invoicePaid(db, o, now);
    case "charge.refunded":
      return chargeRefunded(db, o, now);
    default:
      return [];
  }
}

const purchaseIs = (id: string, status: BillingPurchaseRow["status"]): SQL =>
  sql`EXISTS (SELECT 1 FROM ${billingPurchases} WHERE ${billingPurchases.id} = ${id} AND ${billingPurchases.status} = ${status})`;

async function checkoutCompleted(db: Db, event: StripeEvent, session: Obj, now: number) {
  const sessionId = str(session.id);
  if (!sessionId) return [];
  const purchase = await db
    .select()
    .from(billingPurchases)
    .where(eq(billingPurchases.checkoutSessionId, sessionId))
    .get();
  // Not ours (another integration on the same Stripe account), or already settled.
  if (purchase?.status !== "pending") return [];
  // Delayed payment methods (SEPA debit, bank transfers…) complete the session
  // `unpaid`; it grants only once paid, which Stripe announces with
  // `checkout.session.async_payment_succeeded` (the same session, now `paid`).
  // Whichever of the two events carries the payment grants, guarded by the
  // purchase still being pending, so either order applies it exactly once.
  const paymentStatus = str(session.payment_status);
  if (paymentStatus !== "paid" && paymentStatus !== "no_payment_required") return [];
  const paymentIntent = idOf(session.payment_intent);
  const subscription = idOf(session.subscription);
  const paidAt = ms(num(event.created)) ?? now;
  const parked = paymentIntent
    ? await db.select().from(billingRefunds).where(eq(billingRefunds.paymentIntentId, paymentIntent)).get()
    : undefined;
  const refunded = parked?.amountRefunded ?? 0;
  const fullyRefunded = parked !== undefined && refunded >= purchase.amount;
  const pending = purchaseIs(purchase.id, "pending");
  const out: BatchItem<"sqlite">[] = [];
  // A purchase whose company was deleted meanwhile (company_id NULL) is still
  // recorded as paid (it is revenue) but has nobody left to grant credits to.
  const companyId = purchase.companyId;
  if (!fullyRefunded) {
    if (purchase.kind === "credits" && purchase.credits && companyId) {
      out.push(
        ensureAccount(db, companyId, now),
        db
          .update(billingAccounts)
          .set({ credits: sql`${billingAccounts.credits} + ${purchase.credits}`, updatedAt: now })
          .where(and(eq(billingAccounts.companyId, companyId), pending)),
      );
    }
    if (purchase.kind === "featured" && purchase.jobId && purchase.featuredDays) {
      out.push(featureJobStatement(db, purchase.jobId, purchase.featuredDays, now, pending));
    }
  }
  out.push(
    db
      .update(billingPurchases)
      .set({
        status: fullyRefunded ? "refunded" : "paid",
        paidAt,
        paymentIntentId: paymentIntent,
        subscriptionId: subscription,
        amountRefunded: refunded,
        refundedAt: fullyRefunded ? now : null,
      })
      .where(and(eq(billingPurchases.id, purchase.id), eq(billingPurchases.status, "pending"))),
  );
  if (parked) out.push(db.delete(billingRefunds).where(eq(billingRefunds.paymentIntentId, parked.paymentIntentId)));
  return out;
}

/**
 * A delayed payment failed: the session will never be paid, so a purchase still
 * pending becomes `failed` (nothing was granted). A paid or refunded purchase is
 * left alone: a failure cannot undo a payment Stripe has confirmed.
 */
async function checkoutFailed(db: Db, session: Obj) {
  const sessionId = str(session.id);
  if (!sessionId) return [];
  return [
    db
      .update(billingPurchases)
      .set({ status: "failed" })
      .where(and(eq(billingPurchases.checkoutSessionId, sessionId), eq(billingPurchases.status, "pending"))),
  ];
}

/**
 * The company a subscription or invoice belongs to: our metadata, else the customer we created.
 * `deleted` when the metadata names a company deleted since (Stripe keeps billing a subscription
 * until it is canceled): its money is still recorded, but there is no account left to change.
 */
async function companyOf(db: Db, metadata: Obj, customer: string | null): Promise<string | null | "deleted"> {
  const fromMeta = str(metadata.company_id);
  if (fromMeta) return (await companyExists(db, fromMeta)) ? fromMeta : "deleted";
  if (!customer) return null;
  const row = await db
    .select({ companyId: billingAccounts.companyId })
    .from(billingAccounts)
    .where(eq(billingAccounts.stripeCustomerId, customer))
    .get();
  return row?.companyId ?? null;
}

/** The billing period of a subscription: on the object (older API versions) or on its first item (newer ones). */
function subscriptionPeriod(s: Obj): { start: number | null; end: number | null } {
  const item = obj((obj(s.items).data as unknown[] | undefined)?.[0]);
  return {
    start: ms(num(s.current_period_start) ?? num(item.current_period_start)),
    end: ms(num(s.current_period_end) ?? num(item.current_period_end)),
  };
}

async function subscriptionChanged(db: Db, event: StripeEvent, s: Obj, now: number) {
  const subscriptionId = str(s.id);
  const metadata = obj(s.metadata);
  const companyId = await companyOf(db, metadata, idOf(s.customer));
  if (!subscriptionId || !companyId || companyId === "deleted") return [];
  const productId = str(metadata.product_id);
  const product = productId
    ? await db.select().from(billingProducts).where(eq(billingProducts.id, productId)).get()
    : undefined;
  if (product?.kind !== "plan") return [];
  const status = event.type === "customer.subscription.deleted" ? "canceled" : (str(s.status) ?? "incomplete");
  const { start, end } = subscriptionPeriod(s);
  const at = event.created;
  // Newer events win; a "created" event never overrides one of the same second (it is the oldest state).
  const newer =
    event.type === "customer.subscription.created"
      ? sql`(${billingAccounts.subscriptionEventAt} IS NULL OR ${billingAccounts.subscriptionEventAt} < ${at})`
      : sql`(${billingAccounts.subscriptionEventAt} IS NULL OR ${billingAccounts.subscriptionEventAt} <= ${at})`;
  // Canceled is final in Stripe: a late "updated" of the same subscription cannot revive it.
  const notRevived =
    status === "canceled"
      ? sql`1`
      : sql`NOT (coalesce(${billingAccounts.subscriptionId}, '') = ${subscriptionId} AND ${billingAccounts.subscriptionStatus} = 'canceled')`;
  return [
    ensureAccount(db, companyId, now),
    db
      .update(billingAccounts)
      .set({
        subscriptionId,
        subscriptionStatus: status,
        planProductId: product.id,
        planAllowance: product.monthlyAllowance,
        // A new period (or a new subscription) starts with its whole allowance.
        planUsed:
          start === null
            ? sql`${billingAccounts.planUsed}`
            : sql`CASE WHEN ${billingAccounts.periodStart} IS NULL OR ${billingAccounts.periodStart} < ${start}
                    OR coalesce(${billingAccounts.subscriptionId}, '') <> ${subscriptionId}
                  THEN 0 ELSE ${billingAccounts.planUsed} END`,
        periodStart: start ?? sql`${billingAccounts.periodStart}`,
        periodEnd: end ?? sql`${billingAccounts.periodEnd}`,
        subscriptionEventAt: at,
        updatedAt: now,
      })
      .where(and(eq(billingAccounts.companyId, companyId), newer, notRevived)),
  ];
}

async function invoicePaid(db: Db, inv: Obj, now: number) {
  const id = str(inv.id);
  // Newer API versions describe the subscription under parent.subscription_details; older ones at the top.
  const details = obj(obj(inv.parent).subscription_details);
  const legacy = obj(inv.subscription_details);
  const subscriptionId = idOf(inv.subscription) ?? idOf(details.subscription);
  const metadata = { ...obj(legacy.metadata), ...obj(details.metadata) };
  const company = await companyOf(db, metadata, idOf(inv.customer));
  if (!id || !company) return [];
  // An invoice of a deleted company is kept detached (revenue history), like its older ones.
  const companyId = company === "deleted" ? null : company;
  const line = obj(obj((obj(inv.lines).data as unknown[] | undefined)?.[0]).period);
  const periodStart = ms(num(line.start) ?? num(inv.period_start));
  const periodEnd = ms(num(line.end) ?? num(inv.period_end));
  const paidAt = ms(num(obj(inv.status_transitions).paid_at)) ?? now;
  const values = {
    id,
    companyId,
    productId: str(metadata.product_id),
    subscriptionId,
    number: str(inv.number),
    currency: str(inv.currency) ?? "usd",
    amountPaid: num(inv.amount_paid) ?? 0,
    chargeId: idOf(inv.charge),
    hostedInvoiceUrl: str(inv.hosted_invoice_url),
    invoicePdf: str(inv.invoice_pdf),
    periodStart,
    periodEnd,
    createdAt: ms(num(inv.created)) ?? now,
    paidAt,
  };
  const out: BatchItem<"sqlite">[] = [
    db
      .insert(billingInvoices)
      .values(values)
      .onConflictDoUpdate({
        target: billingInvoices.id,
        set: {
          amountPaid: values.amountPaid,
          hostedInvoiceUrl: values.hostedInvoiceUrl,
          paidAt,
          invoicePdf: values.invoicePdf,
        },
      }),
  ];
  if (subscriptionId && periodStart !== null && companyId) {
    // A paid invoice opens its period: the allowance starts over (once per period, whatever the order).
    out.push(
      ensureAccount(db, companyId, now),
      db
        .update(billingAccounts)
        .set({
          planUsed: 0,
          periodStart,
          periodEnd: periodEnd ?? sql`${billingAccounts.periodEnd}`,
          updatedAt: now,
        })
        .where(
          and(
            eq(billingAccounts.companyId, companyId),
            or(sql`${billingAccounts.subscriptionId} IS NULL`, eq(billingAccounts.subscriptionId, subscriptionId)),
            sql`(${billingAccounts.periodStart} IS NULL OR ${billingAccounts.periodStart} < ${periodStart})`,
          ),
        ),
    );
  }
  return out;
}

async function chargeRefunded(db: Db, charge: Obj, now: number) {
  const paymentIntent = idOf(charge.payment_intent);
  const chargeId = str(charge.id);
  const refunded = num(charge.amount_refunded) ?? 0;
  const full = charge.refunded === true || refunded >= (num(charge.amount) ?? Number.POSITIVE_INFINITY);
  const purchase = paymentIntent
    ? await db.select().from(billingPurchases).where(eq(billingPurchases.paymentIntentId, paymentIntent)).get()
    : undefined;
  if (purchase) {
    const out: BatchItem<"sqlite">[] = [];
    const paid = purchaseIs(purchase.id, "paid");
    if (full) {
      // Reverse what the purchase granted; credits already spent stay spent (never below zero).
      if (purchase.kind === "credits" && purchase.credits && purchase.companyId) {
        out.push(
          db
            .update(billingAccounts)
            .set({ credits: sql`max(0, ${billingAccounts.credits} - ${purchase.credits})`, updatedAt: now })
            .where(and(eq(billingAccounts.companyId, purchase.companyId), paid)),
        );
      }
      if (purchase.kind === "featured" && purchase.jobId && purchase.featuredDays) {
        out.push(unfeatureJobStatement(db, purchase.jobId, purchase.featuredDays, now, paid));
      }
    }
    out.push(
      db
        .update(billingPurchases)
        .set({
          amountRefunded: sql`max(${billingPurchases.amountRefunded}, ${refunded})`,
          ...(full
            ? {
                status: sql`CASE WHEN ${billingPurchases.status} = 'paid' THEN 'refunded' ELSE ${billingPurchases.status} END`,
                refundedAt: sql`coalesce(${billingPurchases.refundedAt}, ${now})`,
              }
            : {}),
        })
        .where(eq(billingPurchases.id, purchase.id)),
    );
    return out;
  }
  const invoiceId = idOf(charge.invoice);
  const invoiceMatch = chargeId
    ? invoiceId
      ? or(eq(billingInvoices.chargeId, chargeId), eq(billingInvoices.id, invoiceId))
      : eq(billingInvoices.chargeId, chargeId)
    : undefined;
  const invoice = invoiceMatch
    ? await db.select({ id: billingInvoices.id }).from(billingInvoices).where(invoiceMatch).get()
    : undefined;
  if (invoice) {
    return [
      db
        .update(billingInvoices)
        .set({ amountRefunded: sql`max(${billingInvoices.amountRefunded}, ${refunded})` })
        .where(eq(billingInvoices.id, invoice.id)),
    ];
  }
  if (!paymentIntent) return [];
  // The payment's own event has not arrived yet: park the refund for it.
  return [
    db
      .insert(billingRefunds)
      .values({ paymentIntentId: paymentIntent, amountRefunded: refunded, createdAt: now })
      .onConflictDoUpdate({
        target: billingRefunds.paymentIntentId,
        set: { amountRefunded: sql`max(${billingRefunds.amountRefunded}, ${refunded})` },
      }),
  ];
}
