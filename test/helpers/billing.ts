/**
 * Billing test tools: an env with Stripe configured, a fake Stripe API behind
 * `fetch` (real-shaped objects, the requests it got), and Stripe-signed webhook
 * deliveries built the way Stripe builds them (documented event envelope,
 * `Stripe-Signature` from `generateTestHeaderStringAsync` with the test secret).
 */
import { createExecutionContext, env } from "cloudflare:test";
import Stripe from "stripe";
import { vi } from "vitest";
import worker from "../../src/index";
import { type CallOptions, call, readJson } from "./http";

export const WEBHOOK_SECRET = "whsec_test_0123456789abcdefghijklmnopqrstuv";

export const billingEnv = {
  ...env,
  STRIPE_SECRET_KEY: "sk_test_billing_0123456789",
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
} as Env;

/** The Worker with `e` as its env (default: billing on). */
export const appWith = (e: Env = billingEnv): NonNullable<CallOptions["app"]> => ({
  fetch: (request, _env, ctx) => worker.fetch(request, e, ctx ?? createExecutionContext()),
});

export interface StripeRequest {
  method: string;
  path: string;
  form: URLSearchParams;
  idempotencyKey: string | null;
  authorization: string | null;
}

/** Intercepts calls to api.stripe.com with objects shaped like Stripe's; any other fetch fails the test. */
export function fakeStripe() {
  const requests: StripeRequest[] = [];
  let n = 0;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname !== "api.stripe.com") throw new Error(`unexpected fetch ${url.href}`);
    const headers = new Headers(init?.headers);
    const form = new URLSearchParams(typeof init?.body === "string" ? init.body : "");
    requests.push({
      method: init?.method ?? "GET",
      path: url.pathname,
      form,
      idempotencyKey: headers.get("Idempotency-Key"),
      authorization: headers.get("Authorization"),
    });
    n++;
    if (url.pathname === "/v1/customers") {
      return Response.json({
        id: `cus_test_${crypto.randomUUID().slice(0, 13)}`,
        object: "customer",
        metadata: { company_id: form.get("metadata[company_id]") },
      });
    }
    if (url.pathname === "/v1/checkout/sessions") {
      const id = `cs_test_${n}_${crypto.randomUUID().slice(0, 8)}`;
      return Response.json({
        id,
        object: "checkout.session",
        mode: form.get("mode"),
        status: "open",
        payment_status: "unpaid",
        customer: form.get("customer"),
        metadata: { purchase_id: form.get("metadata[purchase_id]") },
        url: `https://checkout.stripe.com/c/pay/${id}`,
      });
    }
    if (url.pathname === "/v1/billing_portal/sessions") {
      return Response.json({
        id: `bps_test_${n}`,
        object: "billing_portal.session",
        customer: form.get("customer"),
        return_url: form.get("return_url"),
        url: `https://billing.stripe.com/p/session/test_${n}`,
      });
    }
    return Response.json(
      { error: { type: "invalid_request_error", message: "Unrecognized request URL" } },
      { status: 404 },
    );
  });
  return { spy, requests };
}

let eventSeq = 0;
/** A Stripe event envelope (https://docs.stripe.com/api/events/object) around `object`. */
export function stripeEvent(type: string, object: Record<string, unknown>, o: { id?: string; created?: number } = {}) {
  eventSeq++;
  return {
    id: o.id ?? `evt_test_${Date.now()}_${eventSeq}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: o.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** Posts `event` to the webhook as Stripe does: raw JSON body, `Stripe-Signature` made with `secret`. */
export async function deliver(event: unknown, o: { secret?: string; signature?: string; e?: Env } = {}) {
  const payload = JSON.stringify(event);
  const signature =
    o.signature ??
    (await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: o.secret ?? WEBHOOK_SECRET,
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    }));
  const res = await call("POST", "/api/v1/billing/stripe/webhook", {
    raw: payload,
    headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
    app: appWith(o.e),
  });
  return readJson(res);
}

/**
 * `checkout.session.completed` for a session we created (payment mode unless
 * `subscription`); with `type`, the delayed-payment events of the same session
 * (`checkout.session.async_payment_succeeded` / `_failed`), which Stripe sends
 * with the Checkout Session as their object.
 */
export function sessionCompleted(
  sessionId: string,
  o: {
    paymentIntent?: string | null;
    subscription?: string | null;
    paymentStatus?: string;
    created?: number;
    type?: string;
  } = {},
) {
  return stripeEvent(
    o.type ?? "checkout.session.completed",
    {
      id: sessionId,
      object: "checkout.session",
      mode: o.subscription ? "subscription" : "payment",
      status: "complete",
      payment_status: o.paymentStatus ?? "paid",
      payment_intent: o.subscription ? null : (o.paymentIntent ?? `pi_test_${sessionId}`),
      subscription: o.subscription ?? null,
      customer: "cus_test",
      amount_total: 4900,
      currency: "eur",
    },
    { created: o.created },
  );
}

/** `charge.refunded` (https://docs.stripe.com/api/charges/object). */
export function chargeRefunded(paymentIntent: string, amount: number, refunded: number, o: { invoice?: string } = {}) {
  return stripeEvent("charge.refunded", {
    id: `ch_test_${paymentIntent}`,
    object: "charge",
    amount,
    amount_refunded: refunded,
    refunded: refunded >= amount,
    currency: "eur",
    payment_intent: paymentIntent,
    invoice: o.invoice ?? null,
  });
}

/** A subscription object (current period on its item, as in current API versions). */
export function subscription(
  id: string,
  status: string,
  meta: { company_id: string; product_id: string },
  period: { start: number; end: number },
) {
  return {
    id,
    object: "subscription",
    status,
    customer: "cus_test",
    metadata: meta,
    items: {
      object: "list",
      data: [
        {
          id: `si_${id}`,
          object: "subscription_item",
          current_period_start: period.start,
          current_period_end: period.end,
        },
      ],
    },
  };
}
