import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seed } from "../scripts/seed/20-companies.mjs";
import { newId } from "../src/lib/ids";
import { companies, companyMembers } from "../src/platform/db/schema";
import { db, makeUser } from "./factories";

/** The same contract scripts/seed.mjs offers plugins, backed by the test D1. */
const ctx = {
  quote: (v: unknown) => (v === null || v === undefined ? "NULL" : `'${String(v).replaceAll("'", "''")}'`),
  newId: () => newId(),
  sql: async (statements: string[]) => {
    for (const s of statements) await env.DB.prepare(s).run();
  },
};

describe("scripts/seed/20-companies.mjs", () => {
  it("seeds owned companies, one verified, with a consistent rating, idempotently", async () => {
    const owner = await makeUser({ role: "employer", email: "employer@jobboard.test" });
    await makeUser({ role: "seeker", email: "seeker@jobboard.test" });
    await seed(ctx);
    await seed(ctx);
    const rows = await db().select().from(companies).all();
    expect(rows.map((r) => r.slug).sort()).toEqual(["acme-robotics", "bluebird-logistics", "northwind-health"]);
    const acme = rows.find((r) => r.slug === "acme-robotics");
    expect(acme).toMatchObject({ isVerified: true, ratingCount: 1, ratingAverage: 4, benefits: expect.any(Array) });
    const members = await db().select().from(companyMembers).where(eq(companyMembers.userId, owner.id)).all();
    expect(members).toHaveLength(3);
    expect(members.every((m) => m.role === "owner")).toBe(true);
  });
});
