/**
 * Job ingestion against the running server: a local Node HTTP server publishes
 * an RSS job feed; an admin adds it as a `feed` source and runs it now; the
 * queue consumer imports its postings, which search finds with `?source=feed`
 * and labels as imported. The unchanged feed answers 304 to the next run's
 * `If-None-Match`; a posting gone from the feed for two runs expires.
 * (The dev server may fetch http://127.0.0.1 only because
 * INGESTION_ALLOW_LOCAL_URLS is set for local development.)
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStatus, get, loginAdmin, post, type User, waitFor } from "./lib/client";

const stamp = `zq${Date.now().toString(36)}`;
let server: Server;
let feedUrl = "";
let admin: User;
/** The feed's items as the server publishes them now; the ETag follows the content. */
let items = ["sre", "csm"];
let etags = true;
const requests: Array<{ ifNoneMatch: string | undefined }> = [];

const ITEMS: Record<string, string> = {
  sre: `<item><title>Site Reliability Engineer ${stamp}</title><link>https://careers.example.com/jobs/${stamp}-sre</link>
    <guid isPermaLink="false">${stamp}-sre</guid><pubDate>Tue, 24 Nov 2026 14:30:00 GMT</pubDate>
    <job:location>Amsterdam, Netherlands</job:location><job:type>Full-time</job:type>
    <job:salary>€85,000 - €105,000 per year</job:salary>
    <description>&lt;p&gt;Keep our Kubernetes fleet healthy.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>`,
  csm: `<item><title>Customer Success Manager ${stamp} (Remote)</title><link>https://careers.example.com/jobs/${stamp}-csm</link>
    <guid isPermaLink="false">${stamp}-csm</guid><pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate>
    <job:location>Remote - United States</job:location><job:type>Full-time</job:type>
    <description>You turn shippers into fans.</description></item>`,
};

const feed = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:job="https://example.org/ns/job"><channel>
  <title>Feedco careers</title><link>https://careers.example.com/</link><description>Open roles</description>
  ${items.map((k) => ITEMS[k]).join("\n")}
</channel></rss>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const etag = `"${items.join("-")}"`;
    const ifNoneMatch = req.headers["if-none-match"];
    requests.push({ ifNoneMatch: typeof ifNoneMatch === "string" ? ifNoneMatch : undefined });
    if (etags && ifNoneMatch === etag) return void res.writeHead(304, { ETag: etag }).end();
    const headers: Record<string, string> = { "Content-Type": "application/rss+xml; charset=utf-8" };
    if (etags) headers.ETag = etag;
    res.writeHead(200, headers).end(feed());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs.rss`;
  admin = await loginAdmin();
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("ingestion of an RSS job feed", () => {
  let sourceId = "";

  /** Runs the source now and waits for the run to finish; returns the finished run. */
  async function runNow() {
    const queued = expectStatus(await post(`/api/v1/admin/ingestion/sources/${sourceId}/run`, { as: admin }), 202);
    return waitFor(
      `run ${queued.id}`,
      async () => {
        const runs = expectStatus(await get(`/api/v1/admin/ingestion/sources/${sourceId}/runs`, { as: admin }), 200);
        const run = runs.data.find((r: { id: string }) => r.id === queued.id);
        return run && run.status !== "queued" && run.status !== "running" ? run : undefined;
      },
      30_000,
    );
  }

  const imported = async () =>
    expectStatus(await get("/api/v1/jobs", { query: { q: stamp, source: "feed" } }), 200).data as Array<{
      title: string;
      is_remote: boolean;
      import_source: string | null;
      company: { name: string };
    }>;

  it("an admin adds the feed: no credentials, enabled", async () => {
    const created = expectStatus(
      await post("/api/v1/admin/ingestion/sources", {
        as: admin,
        json: { name: `Feedco ${stamp}`, kind: "feed", config: { url: feedUrl, company_name: `Feedco ${stamp}` } },
      }),
      201,
    );
    sourceId = created.id;
    expect(created).toMatchObject({ kind: "feed", enabled: true, has_credentials: false });
  });

  it("the first run imports both postings, which search finds and labels", async () => {
    const run = await runNow();
    expect(run).toMatchObject({ status: "succeeded", fetched: 2, new: 2, errors: 0 });
    const jobs = await imported();
    // Title cleanup takes the work mode out of the title into the job's fields.
    const byTitle = new Map(jobs.map((j) => [j.title, j]));
    expect([...byTitle.keys()].sort()).toEqual(
      [`Customer Success Manager ${stamp}`, `Site Reliability Engineer ${stamp}`].sort(),
    );
    expect(byTitle.get(`Customer Success Manager ${stamp}`)?.is_remote).toBe(true);
    expect(byTitle.get(`Site Reliability Engineer ${stamp}`)?.is_remote).toBe(false);
    for (const j of jobs) expect(j).toMatchObject({ import_source: "feed", company: { name: `Feedco ${stamp}` } });
    // A direct-only search does not list them.
    const direct = expectStatus(await get("/api/v1/jobs", { query: { q: stamp, source: "direct" } }), 200);
    expect(direct.data).toEqual([]);
  });

  it("an unchanged feed answers 304 to the stored ETag: nothing imported twice", async () => {
    const run = await runNow();
    expect(run).toMatchObject({ status: "not_modified", new: 0 });
    expect(requests.at(-1)?.ifNoneMatch).toBe('"sre-csm"');
    expect(await imported()).toHaveLength(2);
  });

  it("a posting missing from the feed for two runs expires; the other stays", async () => {
    // The feed stops sending validators, so each run reads it whole (a 304 is no sighting either way).
    etags = false;
    items = ["sre"];
    const first = await runNow();
    expect(first).toMatchObject({ status: "succeeded", fetched: 1, new: 0, expired: 0 });
    expect(await imported()).toHaveLength(2);
    const second = await runNow();
    expect(second).toMatchObject({ status: "succeeded", fetched: 1, new: 0, expired: 1 });
    expect((await imported()).map((j) => j.title)).toEqual([`Site Reliability Engineer ${stamp}`]);
  });
});
