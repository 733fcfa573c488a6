/**
 * `GET /jobs`: featured jobs pinned above the first page (issue #19). `pinned`
 * holds the currently featured jobs that match the query and filters; it is
 * additive (the page, total and cursors are the plain search's), absent past
 * the first page and when the search itself filters on `featured`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { makeCompany, makeJob } from "./factories";
import { api } from "./helpers/http";

const HOUR = 3_600_000;
// A word no other test file's jobs carry (storage is per file, but keep it obvious).
const WORD = "quokkaform";
let remoteFeatured = "";
let onsiteFeatured = "";
let olderFeatured = "";
let plain = "";
let expiredFeatured = "";

beforeAll(async () => {
  const company = await makeCompany();
  const now = Date.now();
  const job = (o: Omit<Parameters<typeof makeJob>[0], "companyId">) =>
    makeJob({ ...o, companyId: company.id }).then((j) => j.id);
  remoteFeatured = await job({ title: `${WORD} Engineer`, isFeatured: true, isRemote: true, publishedAt: now - HOUR });
  onsiteFeatured = await job({
    title: `${WORD} Analyst`,
    isFeatured: true,
    isRemote: false,
    publishedAt: now - 2 * HOUR,
  });
  olderFeatured = await job({ title: `${WORD} Designer`, isFeatured: true, publishedAt: now - 5 * HOUR });
  // Featured, but past its end date (not yet expired by the cron): never pinned.
  expiredFeatured = await job({ title: "Wombatix Tester", isFeatured: true, expiresAt: now - 1000 });
  plain = await job({ title: `${WORD} Writer`, publishedAt: now });
  // Featured jobs that do not match the text: not pinned for it.
  await job({ title: "Baker", isFeatured: true, publishedAt: now });
  await job({ title: "Gardener", isFeatured: true, publishedAt: now, status: "draft" });
});

const ids = (list: { id: string }[] | undefined) => (list ?? []).map((j) => j.id);

describe("pinned featured jobs in search", () => {
  it("pins the matching featured jobs, newest first, with highlights, beside the unchanged page", async () => {
    const r = await api.get(`/api/v1/jobs?q=${WORD}&limit=2`);
    expect(r.status).toBe(200);
    expect(ids(r.json.pinned)).toEqual([remoteFeatured, onsiteFeatured, olderFeatured]);
    expect(r.json.pinned[0]).toMatchObject({
      is_featured: true,
      highlight: { title: expect.stringContaining("<mark>") },
    });
    // The page is the plain search's: every live match, pinned or not, in its own order.
    expect(r.json.data).toHaveLength(2);
    const next = await api.get(`/api/v1/jobs?q=${WORD}&limit=2&cursor=${encodeURIComponent(r.json.next_cursor)}`);
    expect(next.json.pinned).toBeUndefined();
    expect(ids([...r.json.data, ...next.json.data]).sort()).toEqual(
      [remoteFeatured, onsiteFeatured, olderFeatured, plain].sort(),
    );
  });

  it("applies the search's filters to the pins", async () => {
    const remote = await api.get(`/api/v1/jobs?q=${WORD}&remote=true`);
    expect(ids(remote.json.pinned)).toEqual([remoteFeatured]);
    const onsite = await api.get(`/api/v1/jobs?q=${WORD}&remote=false&sort=newest`);
    expect(ids(onsite.json.pinned)).toEqual([onsiteFeatured, olderFeatured]);
    const none = await api.get("/api/v1/jobs?q=nosuchwordanywhere");
    expect(none.json.pinned).toEqual([]);
    // Past its end date but not yet expired by the cron: matched by the text, never pinned.
    const expired = await api.get("/api/v1/jobs?q=wombatix&remote=false");
    expect(ids(expired.json.pinned)).not.toContain(expiredFeatured);
    expect(expired.json.pinned).toEqual([]);
  });

  it("pins on a list without a query too, and not when the search filters on featured", async () => {
    const list = await api.get("/api/v1/jobs?limit=5");
    expect(list.json.pinned).toHaveLength(3);
    expect(list.json.pinned.every((j: { is_featured: boolean }) => j.is_featured)).toBe(true);
    expect((await api.get("/api/v1/jobs?featured=true")).json.pinned).toBeUndefined();
    expect((await api.get("/api/v1/jobs?featured=false")).json.pinned).toBeUndefined();
  });
});
