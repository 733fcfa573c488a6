/**
 * Caps and cross-field rules hold under concurrency: each is enforced inside
 * the write itself, so a burst of requests cannot overrun it.
 */
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, experience, jobs } from "../src/db/schema";
import { newId } from "../src/lib/ids";
import { MAX_KEYS_PER_USER } from "../src/modules/auth/api-keys";
import { MAX_ITEMS } from "../src/modules/profiles/sections";
import { db, signedIn } from "./helpers/factories";
import { api } from "./helpers/http";
import { employerWithCompany, insertJob } from "./helpers/jobs";

const statuses = (rs: { status: number }[]) => rs.map((r) => r.status);
const countOf = (xs: number[], v: number) => xs.filter((x) => x === v).length;

describe("caps under concurrent writes", () => {
  it("30 concurrent API-key creations make exactly 20 keys, all listed", async () => {
    const s = await signedIn();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.post("/api/v1/auth/api-keys", { name: `k${i}`, scopes: ["jobs:read"] }, { token: s.token }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(MAX_KEYS_PER_USER);
    expect(statuses.filter((x) => x === 409)).toHaveLength(30 - MAX_KEYS_PER_USER);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.type).toContain("too-many-api-keys");
    const stored = await db()
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, s.user.id), isNull(apiKeys.revokedAt)));
    expect(stored).toHaveLength(MAX_KEYS_PER_USER);
    const list = await api.get("/api/v1/auth/api-keys", { token: s.token });
    expect(list.json.data.map((k: { id: string }) => k.id).sort()).toEqual(stored.map((k) => k.id).sort());
  });

  it("concurrent profile-section creates stop at the cap of 50", async () => {
    const s = await signedIn();
    const now = Date.now();
    const rows = Array.from({ length: MAX_ITEMS - 4 }, (_, i) => ({
      id: newId(now + i),
      userId: s.user.id,
      companyName: "Acme",
      title: `T${i}`,
      startDate: "2019-03",
      isCurrent: false,
      createdAt: now,
      updatedAt: now,
    }));
    // One row per statement: D1 allows 100 bound parameters per statement.
    const [first, ...rest] = rows.map((r) => db().insert(experience).values(r));
    if (first) await db().batch([first, ...rest]);
    const body = { company_name: "Acme", title: "Engineer", start_date: "2019-03", is_current: false };
    const results = statuses(
      await Promise.all(
        Array.from({ length: 10 }, () => api.post("/api/v1/profile/experience", body, { token: s.token })),
      ),
    );
    expect(countOf(results, 201)).toBe(4);
    expect(countOf(results, 409)).toBe(6);
    const stored = await db().select({ id: experience.id }).from(experience).where(eq(experience.userId, s.user.id));
    expect(stored).toHaveLength(MAX_ITEMS);
  });
});

describe("cross-field rules under concurrent writes", () => {
  it("concurrent PATCHes of publish_at and expires_at never store expires_at <= publish_at", async () => {
    const emp = await employerWithCompany();
    const day = 86_400_000;
    const t0 = Date.now() + 2 * day;
    const iso = (ms: number) => new Date(ms).toISOString();
    const job = await insertJob({
      companyId: emp.company.id,
      status: "draft",
      publishAt: t0,
      expiresAt: t0 + 10 * day,
    });
    for (let round = 0; round < 5; round++) {
      await db()
        .update(jobs)
        .set({ publishAt: t0, expiresAt: t0 + 10 * day })
        .where(eq(jobs.id, job.id));
      // Each request alone is valid: publish moves to +6..+8 days (< +10), expiry to +2..+4 (> 0).
      const results = await Promise.all([
        ...[6, 7, 8].map((d) =>
          api.patch(`/api/v1/jobs/${job.id}`, { publish_at: iso(t0 + d * day) }, { token: emp.token }),
        ),
        ...[2, 3, 4].map((d) =>
          api.patch(`/api/v1/jobs/${job.id}`, { expires_at: iso(t0 + d * day) }, { token: emp.token }),
        ),
      ]);
      for (const r of results) expect([200, 400, 409]).toContain(r.status);
      const row = await db()
        .select({ publishAt: jobs.publishAt, expiresAt: jobs.expiresAt })
        .from(jobs)
        .where(eq(jobs.id, job.id))
        .get();
      expect(row?.expiresAt ?? 0).toBeGreaterThan(row?.publishAt ?? 0);
    }
  });
});
