/** Wire shapes of billing: products and prices, checkout, purchases, invoices, the account, revenue. */
import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";
import { BILLING_PRODUCT_KINDS, BILLING_PURCHASE_STATUSES } from "../../platform/db/schema";

const iso = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });
const id = z.string().min(1).max(64);
const currency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, "an ISO 4217 code such as eur")
  .transform((c) => c.toLowerCase())
  .openapi({ type: "string", example: "eur" });

export const IdParam = z.object({
  id: id.openapi({ param: { name: "id", in: "path" }, example: "0193a6f0-7c1e-7000-8000-000000000001" }),
});

const PriceInput = z
  .object({
    currency,
    unit_amount: z
      .number()
      .int()
      .min(50)
      .max(99_999_999)
      .openapi({ description: "In the currency's smallest unit (cents), as Stripe counts", example: 4900 }),
  })
  .strict();

export const CreateProductBody = z
  .object({
    kind: z.enum(BILLING_PRODUCT_KINDS).openapi({
      description:
        "`featured`: one job featured for `featured_days`; `credits`: a pack of `credits` postings; " +
        "`plan`: a monthly subscription with `monthly_allowance` postings per period (omit for unlimited)",
    }),
    name: z.string().trim().min(1).max(120).openapi({ example: "Featured for 30 days" }),
    description: z.string().trim().max(1000).optional(),
    featured_days: z.number().int().min(1).max(365).optional().openapi({ example: 30 }),
    credits: z.number().int().min(1).max(1000).optional(),
    monthly_allowance: z.number().int().min(1).max(10_000).optional(),
    prices: z.array(PriceInput).min(1).max(20),
  })
  .strict()
  .superRefine((p, ctx) => {
    const need = { featured: "featured_days", credits: "credits", plan: null }[p.kind];
    if (need && p[need as "featured_days" | "credits"] === undefined) {
      ctx.addIssue({ code: "custom", path: [need], message: `required for kind ${p.kind}` });
    }
    for (const f of ["featured_days", "credits", "monthly_allowance"] as const) {
      const own = { featured: "featured_days", credits: "credits", plan: "monthly_allowance" }[p.kind];
      if (f !== own && p[f] !== undefined)
        ctx.addIssue({ code: "custom", path: [f], message: `not for kind ${p.kind}` });
    }
    const seen = new Set<string>();
    p.prices.forEach((pr, i) => {
      if (seen.has(pr.currency))
        ctx.addIssue({ code: "custom", path: ["prices", i, "currency"], message: "duplicate" });
      seen.add(pr.currency);
    });
  })
  .openapi("CreateBillingProduct", {
    example: {
      kind: "featured",
      name: "Featured for 30 days",
      featured_days: 30,
      prices: [{ currency: "eur", unit_amount: 4900 }],
    },
  });

export const UpdateProductBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().trim().max(1000).nullable().optional(),
    active: z.boolean().optional().openapi({ description: "Inactive products cannot be bought; past purchases stay" }),
    prices: z
      .array(PriceInput)
      .min(1)
      .max(20)
      .optional()
      .openapi({ description: "Replaces the price list: currencies left out stop being offered" }),
  })
  .strict()
  .openapi("UpdateBillingProduct", { example: { active: false } });

export const PriceSchema = z
  .object({ id: z.string(), currency: z.string(), unit_amount: z.number().int(), active: z.boolean() })
  .openapi("BillingPrice");

export const ProductSchema = z
  .object({
    id: z.string(),
    kind: z.enum(BILLING_PRODUCT_KINDS),
    name: z.string(),
    description: z.string().nullable(),
    featured_days: z.number().int().nullable(),
    credits: z.number().int().nullable(),
    monthly_allowance: z.number().int().nullable(),
    active: z.boolean(),
    prices: z.array(PriceSchema),
    created_at: iso,
    updated_at: iso,
  })
  .openapi("BillingProduct");

export const ProductList = z.object({ data: z.array(ProductSchema) }).openapi("BillingProductList");

export const ProductListQuery = z.object({
  include_inactive: z.enum(["true", "false"]).optional().openapi({ description: "Admins: inactive products too" }),
});

export const CheckoutBody = z
  .object({
    product_id: id,
    currency: currency.optional().openapi({ description: "Defaults to the product's only (or first) price" }),
    job_id: id.optional().openapi({ description: "Required for a `featured` product: the company's job to feature" }),
  })
  .strict()
  .openapi("CreateCheckout", { example: { product_id: "0193a6f0-7c1e-7000-8000-000000000001", currency: "eur" } });

export const PurchaseSchema = z
  .object({
    id: z.string(),
    product_id: z.string(),
    kind: z.enum(BILLING_PRODUCT_KINDS),
    job_id: z.string().nullable(),
    status: z.enum(BILLING_PURCHASE_STATUSES),
    currency: z.string(),
    amount: z.number().int().openapi({ description: "Smallest currency unit" }),
    amount_refunded: z.number().int(),
    credits: z.number().int().nullable(),
    featured_days: z.number().int().nullable(),
    created_at: iso,
    paid_at: iso.nullable(),
    refunded_at: iso.nullable(),
  })
  .openapi("BillingPurchase");

export const CheckoutSchema = PurchaseSchema.extend({
  checkout_url: z.string().url().openapi({ description: "Stripe's hosted checkout page: send the buyer there" }),
  checkout_session_id: z.string(),
}).openapi("BillingCheckout");

export const PurchaseList = Page(PurchaseSchema).openapi("BillingPurchaseList");
export const ListQuery = z.object(pageQuery());

export const InvoiceSchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    product_id: z.string().nullable(),
    currency: z.string(),
    amount_paid: z.number().int(),
    amount_refunded: z.number().int(),
    hosted_invoice_url: z.string().nullable().openapi({ description: "Stripe's hosted invoice page" }),
    invoice_pdf: z.string().nullable(),
    period_start: iso.nullable(),
    period_end: iso.nullable(),
    created_at: iso,
    paid_at: iso.nullable(),
  })
  .openapi("BillingInvoice");

export const InvoiceList = Page(InvoiceSchema).openapi("BillingInvoiceList");

export const AccountSchema = z
  .object({
    company_id: z.string(),
    billing_enabled: z.boolean(),
    credits_required: z.boolean().openapi({ description: "Whether publishing needs a credit or plan allowance" }),
    credits: z.number().int(),
    plan: z
      .object({
        product_id: z.string().nullable(),
        status: z.string(),
        monthly_allowance: z.number().int().nullable(),
        used: z.number().int(),
        remaining: z.number().int().nullable().openapi({ description: "null: unlimited" }),
        period_end: iso.nullable(),
      })
      .nullable(),
  })
  .openapi("BillingAccount");

export const PortalSchema = z.object({ url: z.string().url() }).openapi("BillingPortal");

export const RevenueQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .openapi({ example: "2026-01", description: "First month (UTC)" }),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .openapi({ example: "2026-12", description: "Last month (UTC)" }),
});

export const RevenueSchema = z
  .object({
    data: z.array(
      z.object({
        month: z.string().openapi({ example: "2026-11" }),
        product_id: z.string().nullable(),
        product_name: z.string().nullable(),
        currency: z.string(),
        gross: z.number().int(),
        refunded: z.number().int(),
        net: z.number().int(),
        count: z.number().int(),
      }),
    ),
  })
  .openapi("BillingRevenue");

export const WebhookAck = z
  .object({ received: z.literal(true), duplicate: z.boolean(), type: z.string() })
  .openapi("StripeWebhookAck");

export type CreateProductInput = z.infer<typeof CreateProductBody>;
export type UpdateProductInput = z.infer<typeof UpdateProductBody>;
export type CheckoutInput = z.infer<typeof CheckoutBody>;
