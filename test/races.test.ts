/**
 * Caps and cross-field rules hold under concurrency: each is enforced inside
 * the write itself, so a burst of requests cannot overrun it.
 */

import { env } from "cloudflare:test";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { MAX_KEYS_PER_USER } from "../src/modules/accounts/api-keys";
import { enableMfa } from "../src/modules/accounts/totp";
import { MAX_ITEMS } from "../src/modules/profiles/sections";
import { MAX_RESUMES } from "../src/modules/resumes/service";
import type { Db } from "../src/platform/db/client";
import { apiKeys, experience, jobs, mfaRecoveryCodes, resumes, users } from "../src/platform/db/schema";
import { db, employerWithCompany, makeJob, makeResume, signedIn } from "./factories";
import { totp } from "./helpers/accounts";
import { api } from "./helpers/http";
import { uploadResume } from "./helpers/profiles";

const statuses = (rs: { status: number }[]) => rs.map((r) => r.status);
const countOf = (xs: number[], v: number) => xs.filter((x) => x === v).length;

describe("caps under concurrent writes", () => {
  it("concurrent resume uploads stop at the cap of 10, with one primary and no orphaned files", async () => {
    const s = await signedIn({ role: "seeker" });
    // 7 non-primary resumes already; 8 uploads at once (within the upload rate limit of 10).
    for (let i = 0; i < MAX_RESUMES - 3; i++) {
      await makeResume(s.user.id, {
        bytes: new TextEncoder().encode(`Old ${i}`),
        contentType: "text/plain",
        parseStatus: "pending",
        isPrimary: false,
      });
    }
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        uploadResume(s.token, { bytes: new TextEncoder().encode(`Resume ${i}: Python`), name: `cv${i}.txt` }),
      ),
    );
    const codes = statuses(results);
    expect(countOf(codes, 201)).toBe(3);
    expect(countOf(codes, 409)).toBe(5);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.type).toContain("limit-reached");
    const stored = await db().select().from(resumes).where(eq(resumes.userId, s.user.id));
    expect(stored).toHaveLength(MAX_RESUMES);
    expect(stored.filter((r) => r.isPrimary)).toHaveLength(1);
    const files = await env.FILES.list({ prefix: `resumes/${s.user.id}/` });
    expect(files.objects.map((o) => o.key).sort()).toEqual(stored.map((r) => r.r2Key).sort());
  });

  it("a 2FA enable that loses the race (409) leaves the winner's recovery codes in place", async () => {
    const s = await signedIn();
    const setup = await api.post("/api/v1/auth/2fa/setup", undefined, { token: s.token });
    expect(setup.status).toBe(200);
    const user = await db().select().from(users).where(eq(users.id, s.user.id)).get();
    if (!user) throw new Error("no user");
    // The winner's batch commits between the loser's checks and its own batch (two valid codes
    // of adjacent steps both pass the single-use step claim).
    const winnerCommits = async () => {
      await db().insert(mfaRecoveryCodes).values({ userId: user.id, codeHash: "winner", createdAt: Date.now() });
      await db().update(users).set({ mfaEnabled: true }).where(eq(users.id, user.id));
    };
    const racing = new Proxy(db(), {
      get(target, key) {
        if (key === "batch") {
          return async (statements: Parameters<Db["batch"]>[0]) => {
            await winnerCommits();
            return target.batch(statements);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(enableMfa(racing, env, user, totp(setup.json.secret), { ipHint: null })).rejects.toMatchObject({
      status: 409,
    });
    const codes = await db().select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id));
    expect(codes.map((c) => c.codeHash)).toEqual(["winner"]);
  });

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
    const job = await makeJob({
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
