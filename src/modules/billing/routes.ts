/**
 * Billing routes: the product catalogue, a company's checkout, portal and
 * billing state (mounted at `/api/v1`), Stripe's webhook, and the page Stripe
 * sends buyers back to (mounted at `/`).
 */
import { z } from "@hono/zod-openapi";
import { requireAuth } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { rateLimit } from "../../http/rate-limit";
import { escapeHtml } from "../../lib/html";
import { sendPage } from "../pages";
import { createCheckout, createPortal } from "./checkout";
import { presentInvoice, presentProduct, presentPurchase } from "./presenters";
import { listProducts } from "./products";
import { listInvoices, listPurchases, readAccount } from "./reads";
import {
  AccountSchema,
  CheckoutBody,
  CheckoutSchema,
  IdParam,
  InvoiceList,
  ListQuery,
  PortalSchema,
  ProductList,
  PurchaseList,
  WebhookAck,
} from "./schemas";
import { handleStripeWebhook } from "./webhook";

const tags = ["Billing"];
const read = { roles: ["employer", "admin"], scope: "companies:read" } as const;
const buy = { roles: ["employer"], scope: "companies:write" } as const;
const DISABLED = "Without Stripe configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET) this is `404 billing-disabled`.";

/**
 * Each checkout or portal call makes Stripe API calls (and a pending purchase):
 * at most 10 per user per minute, on the RL_ACCOUNT binding (10 / 60 s).
 */
const stripeCallLimit = rateLimit({
  binding: "RL_ACCOUNT",
  limit: 10,
  periodSeconds: 60,
  name: "billing:user",
  key: (c) => c.get("auth")?.userId ?? null,
});

export const billingRouter = createRouter();

billingRouter.openapi(
  defineRoute({
    method: "get",
    path: "/billing/products",
    access: { public: true },
    operationId: "listBillingProducts",
    tags,
    summary: "What companies can buy: featured upgrades, posting packs, monthly plans, with their prices",
    responses: { 200: jsonResponse(ProductList, "Active products, newest first"), ...errorResponses(400) },
  }),
  async (c) => c.json({ data: (await listProducts(c.get("db"), false)).map(presentProduct) }, 200),
);

billingRouter.openapi(
  defineRoute({
    method: "get",
    path: "/companies/{id}/billing",
    access: read,
    operationId: "getCompanyBilling",
    tags,
    summary: "The company's credits and plan",
    description: "Company members and admins; others get `404`.",
    request: { params: IdParam },
    responses: { 200: jsonResponse(AccountSchema, "The billing state"), ...errorResponses(400, 404) },
  }),
  async (c) => c.json(await readAccount(c.get("db"), c.env, requireAuth(c), c.req.valid("param").id), 200),
);

billingRouter.openapi(
  defineRoute({
    method: "post",
    path: "/companies/{id}/billing/checkout",
    access: buy,
    middleware: [stripeCallLimit] as const,
    operationId: "createBillingCheckout",
    tags,
    summary: "Start a Stripe Checkout Session for a product",
    description:
      "Company owners only (recruiters `403`, others `404`). Answers the pending purchase and Stripe's `checkout_url`; " +
      "send the buyer there. The purchase takes effect only when Stripe's signed webhook confirms the payment. " +
      `A \`featured\` product needs \`job_id\` (one of the company's jobs). ${DISABLED}`,
    request: { params: IdParam, body: jsonBody(CheckoutBody) },
    responses: {
      201: jsonResponse(CheckoutSchema, "The pending purchase and its checkout page"),
      ...errorResponses(400, 404, 409, 503),
    },
  }),
  async (c) => {
    const row = await createCheckout(c.get("db"), c.env, requireAuth(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(
      {
        ...presentPurchase(row),
        checkout_url: row.checkoutUrl ?? "",
        checkout_session_id: row.checkoutSessionId ?? "",
      },
      201,
    );
  },
);

billingRouter.openapi(
  defineRoute({
    method: "post",
    path: "/companies/{id}/billing/portal",
    access: buy,
    middleware: [stripeCallLimit] as const,
    operationId: "createBillingPortal",
    tags,
    summary: "A link to Stripe's customer portal (invoices, payment methods, plan changes)",
    description: `Company owners only. \`409 no-billing-customer\` before the first purchase. ${DISABLED}`,
    request: { params: IdParam },
    responses: { 200: jsonResponse(PortalSchema, "The portal link"), ...errorResponses(400, 404, 409, 503) },
  }),
  async (c) => c.json(await createPortal(c.get("db"), c.env, requireAuth(c), c.req.valid("param").id), 200),
);

billingRouter.openapi(
  defineRoute({
    method: "get",
    path: "/companies/{id}/billing/purchases",
    access: read,
    operationId: "listBillingPurchases",
    tags,
    summary: "The company's purchases, newest first",
    request: { params: IdParam, query: ListQuery },
    responses: { 200: jsonResponse(PurchaseList, "A page of purchases"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const p = await listPurchases(c.get("db"), requireAuth(c), c.req.valid("param").id, c.req.valid("query"));
    return c.json(mapPage(p, presentPurchase), 200);
  },
);

billingRouter.openapi(
  defineRoute({
    method: "get",
    path: "/companies/{id}/billing/invoices",
    access: read,
    operationId: "listBillingInvoices",
    tags,
    summary: "The company's paid subscription invoices (Stripe-hosted links), newest first",
    request: { params: IdParam, query: ListQuery },
    responses: { 200: jsonResponse(InvoiceList, "A page of invoices"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const p = await listInvoices(c.get("db"), requireAuth(c), c.req.valid("param").id, c.req.valid("query"));
    return c.json(mapPage(p, presentInvoice), 200);
  },
);

billingRouter.openapi(
  defineRoute({
    method: "post",
    path: "/billing/stripe/webhook",
    access: { public: true },
    operationId: "receiveStripeWebhook",
    tags,
    summary: "Stripe's webhook endpoint (signed events)",
    description:
      "For Stripe only: the raw body must carry a valid `Stripe-Signature` (`400 invalid-signature` otherwise). " +
      "Handles `checkout.session.completed`, `invoice.paid`, `customer.subscription.created|updated|deleted` and " +
      "`charge.refunded`; other events are acknowledged and ignored. Each event applies once (`duplicate: true` on a " +
      `redelivery). ${DISABLED}`,
    request: {
      headers: z.object({ "stripe-signature": z.string().max(2000).optional() }),
    },
    responses: { 200: jsonResponse(WebhookAck, "Received"), ...errorResponses(400, 404, 413) },
  }),
  async (c) => {
    // The signature covers the exact bytes Stripe sent, so the body is read raw, never re-serialised.
    const raw = await c.req.text();
    const result = await handleStripeWebhook(c.get("db"), c.env, raw, c.req.header("Stripe-Signature"));
    return c.json({ received: true as const, ...result }, 200);
  },
);

/** `/billing/return`: where Stripe sends the buyer back (checkout success or cancel, portal). */
export const billingPagesRouter = createRouter();

const RESULTS: Record<string, [string, string]> = {
  success: [
    "Thank you",
    "Your payment went through. It takes effect as soon as Stripe confirms it, usually within seconds.",
  ],
  cancelled: ["Checkout cancelled", "Nothing was charged. You can start again whenever you like."],
  portal: ["Billing", "You are back from the billing portal."],
};

billingPagesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/billing/return",
    access: { public: true },
    operationId: "billingReturnPage",
    tags,
    summary: "The page Stripe's checkout and portal return to (HTML)",
    request: {
      query: z.object({
        result: z.enum(["success", "cancelled", "portal"]),
        purchase: z.string().max(64).optional(),
      }),
    },
    responses: {
      200: { description: "A short page", content: { "text/html": { schema: { type: "string" as const } } } },
      ...errorResponses(400),
    },
  }),
  (c) => {
    const { result, purchase } = c.req.valid("query");
    const [title, text] = RESULTS[result] ?? ["Billing", ""];
    const ref = purchase ? `<p>Reference: <code>${escapeHtml(purchase)}</code></p>` : "";
    return sendPage(c, 200, title, `<h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(text)}</p>${ref}`);
  },
);
