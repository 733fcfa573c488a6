/** Rows → wire shapes (snake_case, ISO timestamps). */
import type { BillingInvoiceRow, BillingPurchaseRow } from "../../platform/db/schema";
import type { ProductWithPrices } from "./products";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentProduct(p: ProductWithPrices) {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    description: p.description,
    featured_days: p.featuredDays,
    credits: p.credits,
    monthly_allowance: p.monthlyAllowance,
    active: p.active,
    prices: p.prices.map((pr) => ({ id: pr.id, currency: pr.currency, unit_amount: pr.unitAmount, active: pr.active })),
    created_at: new Date(p.createdAt).toISOString(),
    updated_at: new Date(p.updatedAt).toISOString(),
  };
}

export function presentPurchase(p: BillingPurchaseRow) {
  return {
    id: p.id,
    product_id: p.productId,
    kind: p.kind,
    job_id: p.jobId,
    status: p.status,
    currency: p.currency,
    amount: p.amount,
    amount_refunded: p.amountRefunded,
    credits: p.credits,
    featured_days: p.featuredDays,
    created_at: new Date(p.createdAt).toISOString(),
    paid_at: iso(p.paidAt),
    refunded_at: iso(p.refundedAt),
  };
}

export function presentInvoice(i: BillingInvoiceRow) {
  return {
    id: i.id,
    number: i.number,
    product_id: i.productId,
    currency: i.currency,
    amount_paid: i.amountPaid,
    amount_refunded: i.amountRefunded,
    hosted_invoice_url: i.hostedInvoiceUrl,
    invoice_pdf: i.invoicePdf,
    period_start: iso(i.periodStart),
    period_end: iso(i.periodEnd),
    created_at: new Date(i.createdAt).toISOString(),
    paid_at: iso(i.paidAt),
  };
}
