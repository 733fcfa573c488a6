/** A company's billing state: its row, whether its plan can pay for a posting, and the "ensure a row" statement. */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type BillingAccountRow, billingAccounts } from "../../platform/db/schema";

/** Subscription states in which the plan's allowance may be used (Stripe's `status`). */
export const USABLE_PLAN_STATUSES = ["active", "trialing"] as const;

export async function getAccount(db: Db, companyId: string): Promise<BillingAccountRow | undefined> {
  return db.select().from(billingAccounts).where(eq(billingAccounts.companyId, companyId)).get();
}

/** Whether the plan can pay for one more posting now (the SQL twin is `planCoversSql`). */
export function planCovers(a: BillingAccountRow, now: number): boolean {
  return (
    a.planProductId !== null &&
    (USABLE_PLAN_STATUSES as readonly string[]).includes(a.subscriptionStatus ?? "") &&
    (a.periodEnd === null || a.periodEnd > now) &&
    (a.planAllowance === null || a.planUsed < a.planAllowance)
  );
}

/** `planCovers` as SQL over the `billing_accounts` row being updated, so a racing publication sees the fresh counts. */
export function planCoversSql(now: number) {
  return sql`(${billingAccounts.planProductId} IS NOT NULL
    AND ${billingAccounts.subscriptionStatus} IN ('active', 'trialing')
    AND (${billingAccounts.periodEnd} IS NULL OR ${billingAccounts.periodEnd} > ${now})
    AND (${billingAccounts.planAllowance} IS NULL OR ${billingAccounts.planUsed} < ${billingAccounts.planAllowance}))`;
}

/** Creates the company's (empty) billing row if it has none, inside a batch. */
export function ensureAccount(db: Db, companyId: string, now: number) {
  return db.insert(billingAccounts).values({ companyId, updatedAt: now }).onConflictDoNothing();
}
