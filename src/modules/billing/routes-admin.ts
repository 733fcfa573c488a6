/** Admins' billing: products and prices, revenue. Mounted at `/api/v1/admin`. */
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { presentProduct } from "./presenters";
import { createProduct, listProducts, updateProduct } from "./products";
import { revenue } from "./reads";
import {
  CreateProductBody,
  IdParam,
  ProductList,
  ProductListQuery,
  ProductSchema,
  RevenueQuery,
  RevenueSchema,
  UpdateProductBody,
} from "./schemas";

const tags = ["Admin"];
const read = { roles: ["admin"], scope: "admin:read" } as const;
const write = { roles: ["admin"], scope: "admin:write" } as const;

export const billingAdminRouter = createRouter();

billingAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/billing/products",
    access: read,
    operationId: "adminListBillingProducts",
    tags,
    summary: "Every billing product (inactive ones with `include_inactive=true`)",
    request: { query: ProductListQuery },
    responses: { 200: jsonResponse(ProductList, "Products, newest first"), ...errorResponses(400) },
  }),
  async (c) => {
    const all = c.req.valid("query").include_inactive === "true";
    return c.json({ data: (await listProducts(c.get("db"), all)).map(presentProduct) }, 200);
  },
);

billingAdminRouter.openapi(
  defineRoute({
    method: "post",
    path: "/billing/products",
    access: write,
    operationId: "createBillingProduct",
    tags,
    summary: "Create a product with its prices (one per currency)",
    description:
      "Amounts are in the currency's smallest unit (cents), as Stripe counts. Checkout sends the price to Stripe " +
      "inline (`price_data`), so nothing has to be created in the Stripe dashboard.",
    request: { body: jsonBody(CreateProductBody) },
    responses: { 201: jsonResponse(ProductSchema, "The product"), ...errorResponses(400) },
  }),
  async (c) => {
    const row = await createProduct(c.get("db"), requireRole(c, "admin"), c.req.valid("json"));
    return c.json(presentProduct(row), 201);
  },
);

billingAdminRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/billing/products/{id}",
    access: write,
    operationId: "updateBillingProduct",
    tags,
    summary: "Rename, (de)activate or reprice a product",
    request: { params: IdParam, body: jsonBody(UpdateProductBody) },
    responses: { 200: jsonResponse(ProductSchema, "The product"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const row = await updateProduct(c.get("db"), requireRole(c, "admin"), c.req.valid("param").id, c.req.valid("json"));
    return c.json(presentProduct(row), 200);
  },
);

billingAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/billing/revenue",
    access: read,
    operationId: "billingRevenue",
    tags,
    summary: "Revenue by UTC month, product and currency (gross, refunded, net)",
    description: "`from`/`to` are months (`YYYY-MM`); the default is the last twelve months up to this one.",
    request: { query: RevenueQuery },
    responses: { 200: jsonResponse(RevenueSchema, "Revenue rows"), ...errorResponses(400) },
  }),
  async (c) => c.json(await revenue(c.get("db"), c.req.valid("query")), 200),
);
