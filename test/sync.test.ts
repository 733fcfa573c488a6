/**
 * Incremental sync (`?updated_since=`, src/modules/sync): changes in
 * `(updated_at, id)` order with one stable cursor, tombstones for deletions
 * (cascades included) in the caller's scope only, and lists without the
 * parameter unchanged.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, interviews, jobs } from "../src/platform/db/schema";
import { db, employerWithCompany, makeApplication, makeCompany, makeInterview, makeJob, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

const iso = (ms: number) => new Date(ms).toISOString();

interface SyncReply {
  data: { id: string; updated_at: string; status?: string; title?: string }[];
  deleted?: { id: string; deleted_at: string }[];
  next_cursor: string | null;
}

/** Reads every page of a sync from `since`, calling `between` after each page; returns the pages. */
async function syncAll(
  path: string,
  token: string,
  since: number,
  limit: number,
  between?: (n: number) => Promise<void>,
) {
  const pages: SyncReply[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 50; n++) {
    const qs = new URLSearchParams({ updated_since: iso(since), limit: String(limit) });
    if (cursor) qs.set("cursor", cursor);
    const r = await api.get(`${path}?${qs}`, { token });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const body = r.json as SyncReply;
    pages.push(body);
    await between?.(n);
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  return pages;
}

/** One total order across pages: positions strictly ascend, so no version of an item is sent twice. */
function expectOrdered(pages: SyncReply[]) {
  const positions = pages.flatMap((p) =>
    [
      ...p.data.map((d) => [Date.parse(d.updated_at), d.id] as const),
      ...(p.deleted ?? []).map((d) => [Date.parse(d.deleted_at), d.id] as const),
    ].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)),
  );
  for (let i = 1; i < positions.length; i++) {
    const [pt, pid] = positions[i - 1] ?? [0, ""];
    const [t, id] = positions[i] ?? [0, ""];
    expect(t > pt || (t === pt && id > pid), `position ${i} does not ascend`).toBe(true);
  }
}

describe("GET /employer/jobs?updated_since", () => {
  it("walks changes oldest first; inserts, updates and deletes between pages are neither lost nor sent twice", async () => {
    const owner = await employerWithCompany();
    const t0 = Date.now() - 60_000;
    const made: Awaited<ReturnType<typeof makeJob>>[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(await makeJob({ companyId: owner.company.id, title: `Job ${i}`, updatedAt: t0 + i * 1000 }));
    }
    // Changed before the window: never sent.
    const old = await makeJob({ companyId: owner.company.id, title: "Old", updatedAt: t0 - 10_000 });
    const [j0, , , , j4] = made;
    if (!j0 || !j4) throw new Error("setup");
    let inserted = "";
    const pages = await syncAll("/api/v1/employer/jobs", owner.token, t0, 2, async (n) => {
      if (n !== 0) return;
      // After the first page (j0, j1): a new job, an update of a job already sent, a deletion of one not yet sent.
      inserted = (await makeJob({ companyId: owner.company.id, title: "New" })).id;
      await db().update(jobs).set({ title: "Job 0 (edited)", updatedAt: Date.now() }).where(eq(jobs.id, j0.id));
      await db().delete(jobs).where(eq(jobs.id, j4.id));
    });
    expectOrdered(pages);
    const data = pages.flatMap((p) => p.data);
    const deleted = pages.flatMap((p) => p.deleted ?? []);
    expect(pages[0]?.data.map((d) => d.id)).toEqual([made[0]?.id, made[1]?.id]);
    // Every live job comes, the edited one twice (before and after the edit), the deleted one as a tombstone.
    const ids = data.map((d) => d.id);
    for (const j of made.slice(0, 4)) expect(ids).toContain(j.id);
    expect(ids).toContain(inserted);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(j4.id);
    expect(ids.filter((id) => id === j0.id)).toHaveLength(2);
    expect(data.filter((d) => d.id === j0.id).map((d) => d.title)).toEqual(["Job 0", "Job 0 (edited)"]);
    expect(deleted.map((d) => d.id)).toEqual([j4.id]);
    expect(pages.at(-1)?.next_cursor).toBeNull();
    expect(pages[0]?.data.map((d) => Date.parse(d.updated_at))).toEqual([t0, t0 + 1000]);
  });

  it("sends tombstones only for the caller's companies; without updated_since the list is unchanged", async () => {
    const owner = await employerWithCompany();
    const other = await makeCompany();
    const since = Date.now() - 1000;
    const mine = await makeJob({ companyId: owner.company.id });
    const theirs = await makeJob({ companyId: other.id });
    await db().delete(jobs).where(eq(jobs.id, mine.id));
    await db().delete(jobs).where(eq(jobs.id, theirs.id));
    const r = await api.get(`/api/v1/employer/jobs?updated_since=${iso(since)}`, { token: owner.token });
    expect(r.status).toBe(200);
    expect(r.json.deleted.map((d: { id: string }) => d.id)).toEqual([mine.id]);

    const kept = await makeJob({ companyId: owner.company.id });
    const plain = await api.get("/api/v1/employer/jobs", { token: owner.token });
    expect(plain.status).toBe(200);
    expect(Object.keys(plain.json).sort()).toEqual(["data", "next_cursor"]);
    expect(plain.json.data.map((j: { id: string }) => j.id)).toEqual([kept.id]);
  });

  it("refuses filters an update could leave, bad instants and cursors of another list", async () => {
    const owner = await employerWithCompany();
    const since = iso(Date.now());
    expectProblem(
      await api.get(`/api/v1/employer/jobs?updated_since=${since}&status=draft`, { token: owner.token }),
      400,
      "validation-error",
    );
    expectProblem(
      await api.get("/api/v1/employer/jobs?updated_since=yesterday", { token: owner.token }),
      400,
      "validation-error",
    );
    for (let i = 0; i < 2; i++) await makeJob({ companyId: owner.company.id });
    const plain = await api.get("/api/v1/employer/jobs?limit=1", { token: owner.token });
    expectProblem(
      await api.get(`/api/v1/employer/jobs?updated_since=${since}&cursor=${plain.json.next_cursor}`, {
        token: owner.token,
      }),
      400,
      "invalid-cursor",
    );
  });
});

describe("GET /applications?updated_since and GET /jobs/{id}/applications?updated_since", () => {
  it("a deleted job's applications come as tombstones (cascade) to the company and to the applicant", async () => {
    const owner = await employerWithCompany();
    const seeker = await signedIn();
    const stranger = await employerWithCompany();
    const job = await makeJob({ companyId: owner.company.id });
    const since = Date.now() - 1000;
    const app = await makeApplication(job, seeker.user.id);
    const first = await api.get(`/api/v1/applications?updated_since=${iso(since)}`, { token: owner.token });
    expect(first.json.data.map((a: { id: string }) => a.id)).toEqual([app.id]);
    expect(first.json.deleted).toEqual([]);

    await db()
      .update(applications)
      .set({ status: "reviewing", updatedAt: Date.now() })
      .where(eq(applications.id, app.id));
    const forJob = await api.get(`/api/v1/jobs/${job.id}/applications?updated_since=${iso(since)}`, {
      token: owner.token,
    });
    expect(forJob.json.data.map((a: { status: string }) => a.status)).toEqual(["reviewing"]);

    await db().delete(jobs).where(eq(jobs.id, job.id));
    for (const token of [owner.token, seeker.token]) {
      const after = await api.get(`/api/v1/applications?updated_since=${iso(since)}`, { token });
      expect(after.status).toBe(200);
      expect(after.json.data).toEqual([]);
      expect(after.json.deleted.map((d: { id: string }) => d.id)).toEqual([app.id]);
    }
    const none = await api.get(`/api/v1/applications?updated_since=${iso(since)}`, { token: stranger.token });
    expect(none.json.deleted).toEqual([]);
    // A job_id filter cannot reach another company's tombstones.
    const probe = await api.get(`/api/v1/applications?updated_since=${iso(since)}&job_id=${job.id}`, {
      token: stranger.token,
    });
    expect(probe.json.deleted).toEqual([]);
  });

  it("pages applications with updates between pages, none lost", async () => {
    const owner = await employerWithCompany();
    const job = await makeJob({ companyId: owner.company.id });
    const t0 = Date.now() - 60_000;
    const apps: Awaited<ReturnType<typeof makeApplication>>[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await signedIn();
      apps.push(await makeApplication(job, s.user.id, { createdAt: t0 + i, updatedAt: t0 + i * 10 }));
    }
    const pages = await syncAll(`/api/v1/jobs/${job.id}/applications`, owner.token, t0, 3, async (n) => {
      if (n === 0) {
        const a3 = apps[3];
        const a0 = apps[0];
        if (!a3 || !a0) return;
        await db().delete(applications).where(eq(applications.id, a3.id));
        await db().update(applications).set({ rating: 5, updatedAt: Date.now() }).where(eq(applications.id, a0.id));
      }
    });
    expectOrdered(pages);
    const ids = pages.flatMap((p) => p.data.map((d) => d.id));
    expect(ids).toEqual([apps[0]?.id, apps[1]?.id, apps[2]?.id, apps[0]?.id]);
    expect(pages.flatMap((p) => p.deleted ?? []).map((d) => d.id)).toEqual([apps[3]?.id]);
  });

  it("refuses sort=rating and q with updated_since", async () => {
    const owner = await employerWithCompany();
    const since = iso(Date.now());
    expectProblem(
      await api.get(`/api/v1/applications?updated_since=${since}&sort=rating`, { token: owner.token }),
      400,
      "validation-error",
    );
    expectProblem(
      await api.get(`/api/v1/applications?updated_since=${since}&q=ann`, { token: owner.token }),
      400,
      "validation-error",
    );
  });
});

describe("GET /interviews?updated_since", () => {
  it("sends changed and deleted interviews to the applicant and the company, not to others", async () => {
    const owner = await employerWithCompany();
    const seeker = await signedIn();
    const other = await signedIn();
    const job = await makeJob({ companyId: owner.company.id });
    const app = await makeApplication(job, seeker.user.id, { status: "interviewing" });
    const since = Date.now() - 1000;
    const kept = await makeInterview(app);
    const gone = await makeInterview(app);
    await db().delete(interviews).where(eq(interviews.id, gone.id));
    for (const token of [owner.token, seeker.token]) {
      const r = await api.get(`/api/v1/interviews?updated_since=${iso(since)}`, { token });
      expect(r.status).toBe(200);
      expect(r.json.data.map((i: { id: string }) => i.id)).toEqual([kept.id]);
      expect(r.json.deleted.map((d: { id: string }) => d.id)).toEqual([gone.id]);
    }
    const r = await api.get(`/api/v1/interviews?updated_since=${iso(since)}`, { token: other.token });
    expect(r.json).toEqual({ data: [], deleted: [], next_cursor: null });
    expectProblem(
      await api.get(`/api/v1/interviews?updated_since=${iso(since)}&scope=upcoming`, { token: owner.token }),
      400,
      "validation-error",
    );
  });
});
