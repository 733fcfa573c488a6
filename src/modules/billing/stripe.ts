/**
 * The Stripe client and the "is billing on" switch. `stripe` is loaded with a
 * dynamic `import()` only on the billing code paths, so the rest of the Worker
 * (and its startup) does not carry it. The client uses the Workers `fetch`
 * (resolved per call, so tests can intercept it) and Web Crypto for webhook
 * signatures.
 */
import type Stripe from "stripe";
import { ApiError } from "../../http/problem";
import { loadStripe } from "../../lazy-modules";
import { isDevelopment } from "../../platform/env";

/** The configuration billing reads; every Stripe variable is optional (billing is off without the keys). */
export type BillingEnv = Pick<Env, "ENVIRONMENT" | "PUBLIC_APP_URL"> & {
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Development only: where the Stripe API is (a local mock server in the end-to-end suite). */
  STRIPE_API_BASE?: string;
  /** `"true"`: publishing a job needs a plan allowance or a credit (`402` without one). */
  BILLING_POSTING_CREDITS_REQUIRED?: string;
};

/** Billing is on when both Stripe secrets are set. */
export function billingEnabled(env: BillingEnv): boolean {
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}

/** `404 billing-disabled` when billing is off (like an unconfigured OAuth provider: the feature is not there). */
export function requireBilling(env: BillingEnv): { secretKey: string; webhookSecret: string } {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
    throw new ApiError(
      404,
      "billing-disabled",
      "Billing is not configured on this server (it needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).",
    );
  }
  return { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET };
}

/** Host, port and protocol of STRIPE_API_BASE; honoured only in development, so production always talks to Stripe. */
function apiOverride(env: BillingEnv): { host: string; port: number; protocol: "http" | "https" } | null {
  if (!env.STRIPE_API_BASE || !isDevelopment(env)) return null;
  const url = new URL(env.STRIPE_API_BASE);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}

/** The Stripe module (loaded once per isolate, on first use). */
export async function stripeModule(): Promise<typeof Stripe> {
  return (await loadStripe()).default;
}

/** A Stripe client for this request's configuration. */
export async function stripeClient(env: BillingEnv): Promise<Stripe> {
  const { secretKey } = requireBilling(env);
  const StripeClass = await stripeModule();
  return new StripeClass(secretKey, {
    httpClient: StripeClass.createFetchHttpClient((input, init) => fetch(input, init)),
    // One quick retry (Stripe's idempotency keys make it safe); the caller gets a 503 past that.
    maxNetworkRetries: 1,
    timeout: 10_000,
    ...(apiOverride(env) ?? {}),
  });
}

/** Runs a Stripe API call; Stripe being down or refusing is `503 stripe-unavailable`, never a bare 500. */
export async function callStripe<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.warn(JSON.stringify({ level: "warn", msg: "stripe call failed", what, message }));
    throw new ApiError(503, "stripe-unavailable", `Stripe could not ${what}; try again shortly.`);
  }
}
