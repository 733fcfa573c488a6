/** The company's billing read side (account, purchases, invoices) and the admins' revenue report. */
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { BY_CREATED, createdPosition, decodeCursor, page } from "../../http/pagination";
import type { Db } from "../../platform/db/client";
import { billingInvoices, billingProducts, billingPurchases } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { requireCompanyAccess } from "../companies";
import { getAccount, USABLE_PLAN_STATUSES } from "./account";
import { creditsRequired } from "./posting";
import { type BillingEnv, billingEnabled } from "./stripe";

/** Company members and admins read the billing state (recruiters too: they publish); strangers get `404`. */
export async function readAccount(db: Db, env: BillingEnv, auth: AuthContext, companyId: string, now = Date.now()) {
  await requireCompanyAccess(db, auth, companyId);
  const a = await getAccount(db, companyId);
  const planned = a?.subscriptionStatus && a.planProductId;
  const live = planned && (USABLE_PLAN_STATUSES as readonly string[]).includes(a.subscriptionStatus ?? "");
  return {
    company_id: companyId,
    billing_enabled: billingEnabled(env),
    credits_required: creditsRequired(env),
    credits: a?.credits ?? 0,
    plan:
      a && planned
        ? {
            product_id: a.planProductId,
            status: a.subscriptionStatus ?? "incomplete",
            monthly_allowance: a.planAllowance,
            used: a.planUsed,
            remaining:
              a.planAllowance === null
                ? null
                : live && (a.periodEnd === null || a.periodEnd > now)
                  ? Math.max(0, a.planAllowance - a.planUsed)
                  : 0,
            period_end: a.periodEnd === null ? null : new Date(a.periodEnd).toISOString(),
          }
        : null,
  };
}

export async function listPurchases(
  db: Db,
  auth: AuthContext,
  companyId: string,
  q: { limit: number; cursor?: string },
) {
  await requireCompanyAccess(db, auth, companyId);
  const after = decodeCursor(q.cursor, BY_CREATED);
  const rows = await db
    .select()
    .from(billingPurchases)
    .where(
      and(
        eq(billingPurchases.companyId, companyId),
        after
          ? or(
              lt(billingPurchases.createdAt, after[0]),
              and(eq(billingPurchases.createdAt, after[0]), lt(billingPurchases.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(billingPurchases.createdAt), desc(billingPurchases.id))
    .limit(q.limit + 1);
  return page(rows, q.limit, createdPosition);
}

export async function listInvoices(
  db: Db,
  auth: AuthContext,
  companyId: string,
  q: { limit: number; cursor?: string },
) {
  await requireCompanyAccess(db, auth, companyId);
  const after = decodeCursor(q.cursor, BY_CREATED);
  const rows = await db
    .select()
    .from(billingInvoices)
    .where(
      and(
        eq(billingInvoices.companyId, companyId),
        after
          ? or(
              lt(billingInvoices.createdAt, after[0]),
              and(eq(billingInvoices.createdAt, after[0]), lt(billingInvoices.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(billingInvoices.createdAt), desc(billingInvoices.id))
    .limit(q.limit + 1);
  return page(rows, q.limit, createdPosition);
}

/** `YYYY-MM` → the first millisecond of that UTC month. */
const monthStart = (m: string) => Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1);

/**
 * Revenue by UTC month, product and currency: one-time purchases (by when they
 * were paid) and subscription invoices. A plan's checkout is not counted
 * itself: its first invoice is.
 */
export async function revenue(db: Db, q: { from?: string; to?: string }, now = Date.now()) {
  const d = new Date(now);
  const to = q.to ?? `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  const from = q.from ?? `${Number(to.slice(0, 4)) - 1}-${to.slice(5, 7)}`;
  const start = monthStart(from);
  const endMonth = new Date(monthStart(to));
  const end = Date.UTC(endMonth.getUTCFullYear(), endMonth.getUTCMonth() + 1, 1);
  const { results } = await db.run(sql`
    SELECT month, product_id, currency, sum(gross) AS gross, sum(refunded) AS refunded, count(*) AS n FROM (
      SELECT strftime('%Y-%m', ${billingPurchases.paidAt} / 1000, 'unixepoch') AS month,
             ${billingPurchases.productId} AS product_id, ${billingPurchases.currency} AS currency,
             ${billingPurchases.amount} AS gross, ${billingPurchases.amountRefunded} AS refunded
        FROM ${billingPurchases}
       WHERE ${billingPurchases.status} IN ('paid', 'refunded') AND ${billingPurchases.kind} <> 'plan'
         AND ${billingPurchases.paidAt} >= ${start} AND ${billingPurchases.paidAt} < ${end}
      UNION ALL
      SELECT strftime('%Y-%m', ${billingInvoices.paidAt} / 1000, 'unixepoch'), ${billingInvoices.productId},
             ${billingInvoices.currency}, ${billingInvoices.amountPaid}, ${billingInvoices.amountRefunded}
        FROM ${billingInvoices}
       WHERE ${billingInvoices.paidAt} >= ${start} AND ${billingInvoices.paidAt} < ${end}
    ) GROUP BY month, product_id, currency ORDER BY month, product_id, currency`);
  const rows = results as {
    month: string;
    product_id: string | null;
    currency: string;
    gross: number;
    refunded: number;
    n: number;
  }[];
  const ids = [...new Set(rows.map((r) => r.product_id).filter((x): x is string => x !== null))];
  const names = ids.length
    ? await db
        .select({ id: billingProducts.id, name: billingProducts.name })
        .from(billingProducts)
        .where(inArray(billingProducts.id, ids))
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return {
    data: rows.map((r) => ({
      month: r.month,
      product_id: r.product_id,
      product_name: r.product_id ? (nameOf.get(r.product_id) ?? null) : null,
      currency: r.currency,
      gross: Number(r.gross),
      refunded: Number(r.refunded),
      net: Number(r.gross) - Number(r.refunded),
      count: Number(r.n),
    })),
  };
}
