/**
 * What publishing a job costs: the posting gate the jobs module runs in the
 * publication's batch (see `PostingGate` in src/platform/env.ts). A company
 * with a usable plan allowance uses it; otherwise one with credits spends one;
 * a company with neither publishes free, unless
 * `BILLING_POSTING_CREDITS_REQUIRED=true`, where it gets `402`. A job pays
 * once (`billing_postings`), however often it goes back to draft and out again.
 */
import { and, eq, sql } from "drizzle-orm";
import { ApiError } from "../../http/problem";
import { billingAccounts, billingPostings } from "../../platform/db/schema";
import type { PostingGate } from "../../platform/env";
import { getAccount, planCovers, planCoversSql } from "./account";
import { type BillingEnv, billingEnabled } from "./stripe";

export const creditsRequired = (env: BillingEnv) =>
  billingEnabled(env) && env.BILLING_POSTING_CREDITS_REQUIRED === "true";

export const billingPostingGate: PostingGate = async (db, env, job, now) => {
  if (!billingEnabled(env)) return [];
  const paid = await db
    .select({ jobId: billingPostings.jobId })
    .from(billingPostings)
    .where(eq(billingPostings.jobId, job.id))
    .get();
  if (paid) return [];
  const account = await getAccount(db, job.companyId);
  const byPlan = account !== undefined && planCovers(account, now);
  if (!byPlan && !(account && account.credits > 0)) {
    if (!creditsRequired(env)) return [];
    throw new ApiError(
      402,
      "posting-credit-required",
      "Publishing needs a posting credit or a plan allowance, and the company has none left. " +
        "Buy a posting pack or a plan (POST /api/v1/companies/{id}/billing/checkout).",
    );
  }
  // Both statements only act when this very publication updated the job (its `updated_at = now`),
  // so a publication that lost a race pays nothing. A racing publication that takes the
  // last credit first makes ours fail the `credits >= 0` CHECK: the whole batch rolls back (409).
  const published = sql`EXISTS (SELECT 1 FROM jobs WHERE jobs.id = ${job.id} AND jobs.updated_at = ${now})`;
  const unpaid = sql`NOT EXISTS (SELECT 1 FROM ${billingPostings} WHERE ${billingPostings.jobId} = ${job.id})`;
  const plan = planCoversSql(now);
  return [
    db
      .update(billingAccounts)
      .set({
        planUsed: sql`${billingAccounts.planUsed} + CASE WHEN ${plan} THEN 1 ELSE 0 END`,
        credits: sql`${billingAccounts.credits} - CASE WHEN ${plan} THEN 0 ELSE 1 END`,
        updatedAt: now,
      })
      .where(and(eq(billingAccounts.companyId, job.companyId), unpaid, published)),
    db
      .insert(billingPostings)
      .select(
        db
          .select({
            jobId: sql`${job.id}`.as("job_id"),
            companyId: sql`${job.companyId}`.as("company_id"),
            source: sql`${byPlan ? "plan" : "credit"}`.as("source"),
            createdAt: sql`${now}`.as("created_at"),
          })
          .from(sql`(SELECT 1)`)
          .where(published),
      )
      .onConflictDoNothing(),
  ];
};
