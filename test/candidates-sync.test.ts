/**
 * `GET /companies/{id}/candidates` (src/modules/applications/candidates.ts) and the
 * retention of sync deletions (src/modules/sync): candidates come once each with
 * the applicant fields and the profile as the company may read it, in
 * `(updated_at, id)` order; profile and account changes move them; the end of
 * their last application makes a tombstone; tombstones older than the window are
 * pruned and a sync that starts before it is `410 sync-cursor-expired`.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CRON, schedules } from "../src/cron";
import { DAY } from "../src/lib/time";
import { pruneSyncDeletions, SYNC_RETENTION_MS } from "../src/modules/sync";
import { applications, companyCandidates, jobs, syncTombstones, users } from "../src/platform/db/schema";
import {
  db,
  employerOf,
  employerWithCompany,
  makeApplication,
  makeCompany,
  makeJob,
  makeSeekerProfile,
  makeUser,
  signedIn,
} from "./factories";
import { api, expectProblem } from "./helpers/http";

const iso = (ms: number) => new Date(ms).toISOString();

interface CandidateReply {
  data: {
    id: string;
    email: string;
    first_name: string;
    profile: null | { headline: string | null };
    updated_at: string;
  }[];
  deleted?: { id: string; deleted_at: string }[];
  next_cursor: string | null;
}

async function sync(companyId: string, token: string, since: number, cursor?: string | null, limit = 20) {
  const qs = new URLSearchParams({ updated_since: iso(since), limit: String(limit) });
  if (cursor) qs.set("cursor", cursor);
  const r = await api.get(`/api/v1/companies/${companyId}/candidates?${qs}`, { token });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as CandidateReply;
}

/** A company (owned by a signed-in employer) with two jobs. */
async function world() {
  const owner = await employerWithCompany();
  const jobA = await makeJob({ companyId: owner.company.id, title: "Welder" });
  const jobB = await makeJob({ companyId: owner.company.id, title: "Fitter" });
  return { owner, jobA, jobB };
}

describe("GET /companies/{id}/candidates", () => {
  it("lists each applicant once with the profile the company may read; private profiles come without it", async () => {
    const { owner, jobA, jobB } = await world();
    const since = Date.now() - 1000;
    const open = await signedIn();
    await makeSeekerProfile(open.user.id, { headline: "Senior welder", visibility: "employers", phone: "+1 555 0100" });
    const hidden = await makeUser();
    await makeSeekerProfile(hidden.id, { headline: "Secret", visibility: "private" });
    await makeApplication(jobA, open.user.id);
    await makeApplication(jobB, open.user.id, { status: "withdrawn" });
    await makeApplication(jobA, hidden.id);
    // Another company's applicant never shows.
    const other = await makeJob({ companyId: (await makeCompany()).id });
    await makeApplication(other, (await makeUser()).id);

    const full = await api.get(`/api/v1/companies/${owner.company.id}/candidates`, { token: owner.token });
    expect(full.status).toBe(200);
    const ids = (full.json as CandidateReply).data.map((c) => c.id);
    expect(ids.sort()).toEqual([open.user.id, hidden.id].sort());
    expect(full.json).not.toHaveProperty("deleted");
    const byId = new Map((full.json as CandidateReply).data.map((c) => [c.id, c]));
    expect(byId.get(open.user.id)).toMatchObject({
      email: open.user.email,
      username: open.user.username,
      // show_phone is off: the public page would not show it either.
      profile: { headline: "Senior welder", phone: null, email: null },
    });
    expect(byId.get(hidden.id)).toMatchObject({ email: hidden.email, profile: null });
    expect(JSON.stringify(full.json)).not.toContain("Secret");

    const page = await sync(owner.company.id, owner.token, since);
    expect(page.data.map((c) => c.id).sort()).toEqual(ids.sort());
    expect(page.deleted).toEqual([]);
  });

  it("pages with a stable cursor; profile and account changes move a candidate behind it", async () => {
    const { owner, jobA } = await world();
    const since = Date.now() - 1000;
    const seekers = [await signedIn(), await signedIn(), await signedIn()];
    for (const s of seekers) await makeApplication(jobA, s.user.id);
    const first = await sync(owner.company.id, owner.token, since, null, 2);
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).toBeTruthy();
    const sent = first.data[0];
    if (!sent) throw new Error("setup");
    const editor = seekers.find((s) => s.user.id === sent.id);
    if (!editor) throw new Error("setup");
    // A candidate already sent edits their profile and name between pages: it comes again, changed.
    expect((await api.patch("/api/v1/profile", { headline: "Now a fitter" }, { token: editor.token })).status).toBe(
      200,
    );
    await db().update(users).set({ firstName: "Renamed" }).where(eq(users.id, editor.user.id));
    const rest = await sync(owner.company.id, owner.token, since, first.next_cursor);
    const again = rest.data.find((c) => c.id === editor.user.id);
    expect(again).toMatchObject({ first_name: "Renamed", profile: { headline: "Now a fitter" } });
    expect(Date.parse(again?.updated_at ?? "")).toBeGreaterThan(Date.parse(sent.updated_at));
    const all = [...first.data, ...rest.data].map((c) => c.id);
    expect(new Set(all)).toEqual(new Set(seekers.map((s) => s.user.id)));
    expect(rest.next_cursor).toBeNull();

    // A write to users the company cannot see (a setting) moves nobody.
    const quiet = await sync(owner.company.id, owner.token, Date.parse(again?.updated_at ?? "") + 1);
    await db()
      .update(users)
      .set({ timezone: "Europe/Lisbon", updatedAt: Date.now() })
      .where(eq(users.id, editor.user.id));
    expect((await sync(owner.company.id, owner.token, Date.parse(again?.updated_at ?? "") + 1)).data).toEqual(
      quiet.data,
    );
  });

  it("keeps a withdrawn candidate; a tombstone when the last application goes or the account is erased", async () => {
    const { owner, jobA, jobB } = await world();
    const since = Date.now() - 1000;
    const twice = await signedIn();
    const a1 = await makeApplication(jobA, twice.user.id);
    await makeApplication(jobB, twice.user.id);
    const erased = await signedIn();
    await makeApplication(jobA, erased.user.id);

    // One of two applications gone: still a candidate.
    await db().delete(applications).where(eq(applications.id, a1.id));
    let page = await sync(owner.company.id, owner.token, since);
    expect(page.data.map((c) => c.id)).toContain(twice.user.id);
    expect(page.deleted).toEqual([]);

    // The other one goes with its job (a cascade): now a tombstone.
    await db().delete(jobs).where(eq(jobs.id, jobB.id));
    // The account is erased: its applications are anonymised, so the company loses the candidate.
    const del = await api.delete("/api/v1/auth/me", { token: erased.token, body: { password: erased.user.password } });
    expect(del.status).toBe(202);

    page = await sync(owner.company.id, owner.token, since);
    expect(page.data).toEqual([]);
    expect(page.deleted?.map((d) => d.id).sort()).toEqual([twice.user.id, erased.user.id].sort());
    const full = await api.get(`/api/v1/companies/${owner.company.id}/candidates`, { token: owner.token });
    expect(full.json.data).toEqual([]);

    // Applying again brings the candidate back.
    await makeApplication(jobA, twice.user.id);
    const last = page.deleted?.at(-1)?.deleted_at ?? iso(since);
    const back = await sync(owner.company.id, owner.token, Date.parse(last));
    expect(back.data.map((c) => c.id)).toEqual([twice.user.id]);
  });

  it("a hard-deleted account (the users foreign key sets applicant_id null) leaves a tombstone; suspension hides the profile", async () => {
    const { owner, jobA } = await world();
    const since = Date.now() - 1000;
    const gone = await makeUser();
    const suspended = await makeUser();
    await makeSeekerProfile(suspended.id, { headline: "Visible until suspended" });
    for (const u of [gone, suspended]) await makeApplication(jobA, u.id);
    await db().delete(users).where(eq(users.id, gone.id));
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, suspended.id));
    const page = await sync(owner.company.id, owner.token, since);
    expect(page.deleted?.map((d) => d.id)).toEqual([gone.id]);
    // Still a candidate (the application still shows the applicant), without the profile the public page hides.
    expect(page.data).toEqual([expect.objectContaining({ id: suspended.id, profile: null })]);
  });

  it("is for the company's members and admins only", async () => {
    const { owner, jobA } = await world();
    const seeker = await signedIn();
    await makeApplication(jobA, seeker.user.id);
    const path = `/api/v1/companies/${owner.company.id}/candidates`;
    const recruiter = await employerOf(owner.company.id, "recruiter");
    expect((await api.get(path, { token: recruiter.token })).json.data).toHaveLength(1);
    const admin = await signedIn({ role: "admin" });
    expect((await api.get(path, { token: admin.token })).json.data).toHaveLength(1);
    const stranger = await employerWithCompany();
    expectProblem(await api.get(path, { token: stranger.token }), 404);
    expectProblem(await api.get("/api/v1/companies/no-such-company/candidates", { token: admin.token }), 404);
    expectProblem(await api.get(path, { token: seeker.token }), 403);
    expectProblem(await api.get(path), 401);
    expectProblem(await api.get(`${path}?limit=0`, { token: owner.token }), 400);
    expectProblem(await api.get(`${path}?status=pending`, { token: owner.token }), 400);
    expectProblem(await api.get(`${path}?updated_since=yesterday`, { token: owner.token }), 400);
    // A cursor of another company's list is refused.
    const theirs = await employerWithCompany();
    const job = await makeJob({ companyId: theirs.company.id });
    await makeApplication(job, (await makeUser()).id);
    await makeApplication(job, (await makeUser()).id);
    const p = await sync(theirs.company.id, theirs.token, Date.now() - 1000, null, 1);
    const qs = new URLSearchParams({ updated_since: iso(Date.now() - 1000), cursor: p.next_cursor ?? "" });
    expectProblem(await api.get(`${path}?${qs}`, { token: owner.token }), 400);
  });
});

describe("retention of sync deletions", () => {
  it("answers 410 sync-cursor-expired on every sync list when updated_since is older than the window", async () => {
    const { owner } = await world();
    const seeker = await signedIn();
    const old = iso(Date.now() - SYNC_RETENTION_MS - DAY);
    const recent = iso(Date.now() - SYNC_RETENTION_MS + DAY);
    const lists: [string, string][] = [
      [`/api/v1/companies/${owner.company.id}/candidates`, owner.token],
      ["/api/v1/employer/jobs", owner.token],
      ["/api/v1/applications", seeker.token],
      ["/api/v1/interviews", seeker.token],
    ];
    for (const [path, token] of lists) {
      const gone = await api.get(`${path}?updated_since=${encodeURIComponent(old)}`, { token });
      expectProblem(gone, 410, "sync-cursor-expired");
      expect(gone.json.detail).toMatch(/without updated_since/);
      expect((await api.get(`${path}?updated_since=${encodeURIComponent(recent)}`, { token })).status, path).toBe(200);
    }
  });

  it("the daily prune deletes tombstones and removed candidates past the window, and keeps the rest", async () => {
    const { owner, jobA } = await world();
    const now = Date.now();
    const seekerOld = await makeUser();
    const seekerNew = await makeUser();
    const seekerLive = await makeUser();
    for (const u of [seekerOld, seekerNew, seekerLive]) await makeApplication(jobA, u.id);
    const cid = owner.company.id;
    const stale = now - SYNC_RETENTION_MS - 1;
    const fresh = now - SYNC_RETENTION_MS + 60_000;
    await db()
      .update(companyCandidates)
      .set({ removedAt: stale, updatedAt: stale })
      .where(eq(companyCandidates.userId, seekerOld.id));
    await db()
      .update(companyCandidates)
      .set({ removedAt: fresh, updatedAt: fresh })
      .where(eq(companyCandidates.userId, seekerNew.id));
    await db()
      .insert(syncTombstones)
      .values([
        { kind: "job", entityId: `old-${cid}`, companyId: cid, deletedAt: stale },
        { kind: "interview", entityId: `old-iv-${cid}`, companyId: cid, deletedAt: stale },
        { kind: "application", entityId: `new-${cid}`, companyId: cid, deletedAt: fresh },
      ]);

    const result = await pruneSyncDeletions(db(), now);
    expect(result.tombstones).toBeGreaterThanOrEqual(2);
    expect(result.candidates).toBeGreaterThanOrEqual(1);
    const left = await db().select().from(companyCandidates).where(eq(companyCandidates.companyId, cid));
    expect(left.map((r) => r.userId).sort()).toEqual([seekerNew.id, seekerLive.id].sort());
    const tombs = await db().select({ id: syncTombstones.entityId }).from(syncTombstones);
    const ids = tombs.map((t) => t.id);
    expect(ids).toContain(`new-${cid}`);
    expect(ids).not.toContain(`old-${cid}`);
    expect(ids).not.toContain(`old-iv-${cid}`);
    // A second run finds nothing more (idempotent).
    expect(await pruneSyncDeletions(db(), now)).toEqual({ tombstones: 0, candidates: 0 });
    // It runs with the daily tasks.
    expect(schedules[CRON.daily]?.map((t) => t.name)).toContain("sync.prune-deletions");
  });
});
