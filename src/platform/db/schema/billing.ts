import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { companies } from "./companies";
import { jobs } from "./jobs";

export const BILLING_PRODUCT_KINDS = ["featured", "credits", "plan"] as const;
export type BillingProductKind = (typeof BILLING_PRODUCT_KINDS)[number];
/** `failed`: a delayed payment (SEPA debit, bank transfer) did not go through; nothing was granted. */
export const BILLING_PURCHASE_STATUSES = ["pending", "paid", "refunded", "failed"] as const;

/**
 * What companies can buy, configured by admins: a featured upgrade of one job
 * (`featured_days`), a pack of posting credits (`credits`), or a monthly plan
 * with a posting allowance per period (`monthly_allowance`, null = unlimited).
 */
export const billingProducts = sqliteTable(
  "billing_products",
  {
    id: text().primaryKey(),
    kind: text({ enum: BILLING_PRODUCT_KINDS }).notNull(),
    name: text().notNull(),
    description: text(),
    featuredDays: integer(),
    credits: integer(),
    monthlyAllowance: integer(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index("billing_products_created_idx").on(t.createdAt, t.id)],
);

/** One price of a product per currency, in the currency's smallest unit (as Stripe counts). */
export const billingPrices = sqliteTable(
  "billing_prices",
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => billingProducts.id, { onDelete: "cascade" }),
    currency: text().notNull(),
    unitAmount: integer().notNull(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    createdAt: integer().notNull(),
  },
  (t) => [uniqueIndex("billing_prices_product_currency_idx").on(t.productId, t.currency)],
);

/**
 * A company's billing state. `credits` can never go below zero (CHECK), so two
 * publications racing for the last credit cannot both win. The plan columns
 * mirror the Stripe subscription as of `subscription_event_at` (Stripe's
 * `created` of the newest subscription event applied), so an older event
 * arriving late changes nothing.
 */
export const billingAccounts = sqliteTable(
  "billing_accounts",
  {
    companyId: text()
      .primaryKey()
      .references(() => companies.id, { onDelete: "cascade" }),
    stripeCustomerId: text(),
    credits: integer().notNull().default(0),
    planProductId: text().references(() => billingProducts.id, { onDelete: "set null" }),
    subscriptionId: text(),
    subscriptionStatus: text(),
    planAllowance: integer(),
    planUsed: integer().notNull().default(0),
    periodStart: integer(),
    periodEnd: integer(),
    subscriptionEventAt: integer(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("billing_accounts_customer_idx").on(t.stripeCustomerId),
    index("billing_accounts_subscription_idx").on(t.subscriptionId),
  ],
);

/** One Checkout Session: pending until Stripe's signed `checkout.session.completed` says it is paid. */
export const billingPurchases = sqliteTable(
  "billing_purchases",
  {
    id: text().primaryKey(),
    // Revenue history outlives the company: deleting it detaches the row (NULL),
    // and a trigger (migration 0031) copies the company's name first.
    companyId: text().references(() => companies.id, { onDelete: "set null" }),
    companyName: text(),
    productId: text()
      .notNull()
      .references(() => billingProducts.id),
    priceId: text()
      .notNull()
      .references(() => billingPrices.id),
    kind: text({ enum: BILLING_PRODUCT_KINDS }).notNull(),
    jobId: text().references(() => jobs.id, { onDelete: "set null" }),
    status: text({ enum: BILLING_PURCHASE_STATUSES }).notNull().default("pending"),
    currency: text().notNull(),
    amount: integer().notNull(),
    amountRefunded: integer().notNull().default(0),
    credits: integer(),
    featuredDays: integer(),
    checkoutSessionId: text(),
    checkoutUrl: text(),
    paymentIntentId: text(),
    subscriptionId: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
    paidAt: integer(),
    refundedAt: integer(),
  },
  (t) => [
    uniqueIndex("billing_purchases_session_idx").on(t.checkoutSessionId),
    index("billing_purchases_company_idx").on(t.companyId, t.createdAt, t.id),
    index("billing_purchases_payment_intent_idx").on(t.paymentIntentId),
    index("billing_purchases_paid_idx").on(t.status, t.paidAt),
    index("billing_purchases_job_idx").on(t.jobId),
    index("billing_purchases_creator_idx").on(t.createdBy),
  ],
);

/** Paid subscription invoices (`invoice.paid`), with Stripe's hosted page. */
export const billingInvoices = sqliteTable(
  "billing_invoices",
  {
    id: text().primaryKey(),
    // Kept when the company is deleted (see billing_purchases).
    companyId: text().references(() => companies.id, { onDelete: "set null" }),
    companyName: text(),
    productId: text().references(() => billingProducts.id, { onDelete: "set null" }),
    subscriptionId: text(),
    number: text(),
    currency: text().notNull(),
    amountPaid: integer().notNull(),
    amountRefunded: integer().notNull().default(0),
    chargeId: text(),
    hostedInvoiceUrl: text(),
    invoicePdf: text(),
    periodStart: integer(),
    periodEnd: integer(),
    createdAt: integer().notNull(),
    paidAt: integer(),
  },
  (t) => [
    index("billing_invoices_company_idx").on(t.companyId, t.createdAt, t.id),
    index("billing_invoices_paid_idx").on(t.paidAt),
    index("billing_invoices_charge_idx").on(t.chargeId),
  ],
);

/** A refund whose payment we had not seen yet (events arrive in any order); the payment's event applies it. */
export const billingRefunds = sqliteTable("billing_refunds", {
  paymentIntentId: text().primaryKey(),
  amountRefunded: integer().notNull(),
  createdAt: integer().notNull(),
});

/** Stripe events already applied: the primary key makes each one count exactly once. */
export const billingEvents = sqliteTable(
  "billing_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    stripeCreated: integer().notNull(),
    processedAt: integer().notNull(),
  },
  (t) => [index("billing_events_processed_idx").on(t.processedAt)],
);

/** Jobs whose publication used the plan's allowance or a credit: a job pays once, however often it is published. */
export const billingPostings = sqliteTable(
  "billing_postings",
  {
    jobId: text()
      .primaryKey()
      .references(() => jobs.id, { onDelete: "cascade" }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    source: text({ enum: ["plan", "credit"] }).notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index("billing_postings_company_idx").on(t.companyId, t.createdAt)],
);

export type BillingProductRow = typeof billingProducts.$inferSelect;
export type BillingPriceRow = typeof billingPrices.$inferSelect;
export type BillingAccountRow = typeof billingAccounts.$inferSelect;
export type BillingPurchaseRow = typeof billingPurchases.$inferSelect;
export type BillingInvoiceRow = typeof billingInvoices.$inferSelect;
