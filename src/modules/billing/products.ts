/** Products and prices: admins configure them; employers see the active ones. */
import { and, asc, desc, eq, inArray, notInArray } from "drizzle-orm";
import { notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { type BillingPriceRow, type BillingProductRow, billingPrices, billingProducts } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { auditInsert } from "../audit";
import type { CreateProductInput, UpdateProductInput } from "./schemas";

export type ProductWithPrices = BillingProductRow & { prices: BillingPriceRow[] };

/** Every product (newest first) with its prices, in two queries. */
export async function listProducts(db: Db, includeInactive: boolean): Promise<ProductWithPrices[]> {
  const products = await db
    .select()
    .from(billingProducts)
    .where(includeInactive ? undefined : eq(billingProducts.active, true))
    .orderBy(desc(billingProducts.createdAt), desc(billingProducts.id))
    .limit(200);
  if (products.length === 0) return [];
  const prices = await db
    .select()
    .from(billingPrices)
    .where(
      and(
        inArray(
          billingPrices.productId,
          products.map((p) => p.id),
        ),
        includeInactive ? undefined : eq(billingPrices.active, true),
      ),
    )
    .orderBy(asc(billingPrices.currency));
  return products.map((p) => ({ ...p, prices: prices.filter((pr) => pr.productId === p.id) }));
}

export async function getProduct(db: Db, id: string): Promise<ProductWithPrices> {
  const product = await db.select().from(billingProducts).where(eq(billingProducts.id, id)).get();
  if (!product) throw notFound("Product");
  const prices = await db
    .select()
    .from(billingPrices)
    .where(eq(billingPrices.productId, id))
    .orderBy(asc(billingPrices.currency));
  return { ...product, prices };
}

export async function createProduct(db: Db, admin: AuthContext, input: CreateProductInput, now = Date.now()) {
  const id = newId(now);
  await db.batch([
    db.insert(billingProducts).values({
      id,
      kind: input.kind,
      name: input.name,
      description: input.description ?? null,
      featuredDays: input.featured_days ?? null,
      credits: input.credits ?? null,
      monthlyAllowance: input.monthly_allowance ?? null,
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(billingPrices).values(
      input.prices.map((p) => ({
        id: newId(now),
        productId: id,
        currency: p.currency,
        unitAmount: p.unit_amount,
        createdAt: now,
      })),
    ),
    auditInsert(
      db,
      { actor: admin, action: "billing.product.create", targetType: "billing_product", targetId: id },
      now,
    ),
  ]);
  return getProduct(db, id);
}

/**
 * Changes a product. A new price list replaces the old one by currency: a
 * currency's price is updated in place, currencies left out are deactivated
 * (past purchases keep pointing at them), so nothing bought is ever rewritten.
 */
export async function updateProduct(
  db: Db,
  admin: AuthContext,
  id: string,
  input: UpdateProductInput,
  now = Date.now(),
) {
  await getProduct(db, id);
  const set: Partial<BillingProductRow> = { updatedAt: now };
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  if (input.active !== undefined) set.active = input.active;
  const priceStatements = (input.prices ?? []).map((p) =>
    db
      .insert(billingPrices)
      .values({ id: newId(now), productId: id, currency: p.currency, unitAmount: p.unit_amount, createdAt: now })
      .onConflictDoUpdate({
        target: [billingPrices.productId, billingPrices.currency],
        set: { unitAmount: p.unit_amount, active: true },
      }),
  );
  const currencies = (input.prices ?? []).map((p) => p.currency);
  await db.batch([
    db.update(billingProducts).set(set).where(eq(billingProducts.id, id)),
    ...priceStatements,
    ...(input.prices
      ? [
          db
            .update(billingPrices)
            .set({ active: false })
            .where(and(eq(billingPrices.productId, id), notInArray(billingPrices.currency, currencies))),
        ]
      : []),
    auditInsert(
      db,
      { actor: admin, action: "billing.product.update", targetType: "billing_product", targetId: id },
      now,
    ),
  ]);
  return getProduct(db, id);
}
