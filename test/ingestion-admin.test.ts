import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runSchedule } from "../src/cron";
import { runIngestion } from "../src/modules/ingestion/run";
import { signedIn } from "./factories";
import greenhouseJobs from "./fixtures/ingestion/greenhouse-jobs.json";
import { api, expectProblem } from "./helpers/http";
import { json, serveFeeds, tagged } from "./helpers/ingestion";
import { captureQueue, envWith } from "./helpers/notifications";

afterEach(() => vi.restoreAllMocks());

const BASE = "/api/v1/admin/ingestion/sources";

describe("admin ingestion API", () => {
  it("creates, reads, edits and deletes sources; credentials are never returned", async () => {
    const admin = await signedIn({ role: "admin" });
    const created = await api.post(
      BASE,
      { name: "Acme", kind: "greenhouse", config: { board_token: "acme-admin" } },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      kind: "greenhouse",
      config: { board_token: "acme-admin" },
      has_credentials: false,
      enabled: true,
      health: { status: "never_run", consecutive_failures: 0 },
    });
    const id = (created.json as { id: string }).id;
    const list = await api.get(BASE, { token: admin.token });
    expect((list.json as { data: { id: string }[] }).data.map((s) => s.id)).toContain(id);
    const patched = await api.patch(`${BASE}/${id}`, { enabled: false, name: "Acme 2" }, { token: admin.token });
    expect(patched.json).toMatchObject({ name: "Acme 2", enabled: false });
    expectProblem(await api.post(`${BASE}/${id}/run`, undefined, { token: admin.token }), 409, "source-disabled");
    expect((await api.delete(`${BASE}/${id}`, { token: admin.token })).status).toBe(204);
    expectProblem(await api.get(`${BASE}/${id}`, { token: admin.token }), 404);
  });

  it("validates config per kind, refuses credentials a kind does not take, and unknown fields", async () => {
    const admin = await signedIn({ role: "admin" });
    const bad = await api.post(
      BASE,
      { name: "X", kind: "greenhouse", config: { board_token: "../etc" } },
      { token: admin.token },
    );
    expectProblem(bad, 400);
    expect(JSON.stringify(bad.json)).toContain("config.board_token");
    expectProblem(
      await api.post(
        BASE,
        { name: "X", kind: "lever", config: { company: "x" }, credentials: { key: "s" } },
        { token: admin.token },
      ),
      400,
    );
    expectProblem(
      await api.post(BASE, { name: "X", kind: "lever", config: { company: "x" }, extra: 1 }, { token: admin.token }),
      400,
    );
    expectProblem(await api.post(BASE, { name: "X", kind: "nope", config: {} }, { token: admin.token }), 400);
  });

  it("is for admins only", async () => {
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.get(BASE), 401);
    expectProblem(await api.get(BASE, { token: employer.token }), 403);
    expectProblem(
      await api.post(BASE, { name: "X", kind: "lever", config: { company: "x" } }, { token: employer.token }),
      403,
    );
  });

  it("runs a source now: the run is queued, runs, and is listed with its counts; a second run while queued is 409", async () => {
    const admin = await signedIn({ role: "admin" });
    const created = await api.post(
      BASE,
      { name: "Now", kind: "greenhouse", config: { board_token: "runnow" } },
      { token: admin.token },
    );
    const id = (created.json as { id: string }).id;
    const queued = await api.post(`${BASE}/${id}/run`, undefined, { token: admin.token });
    expect(queued.status).toBe(202);
    expect(queued.json).toMatchObject({ source_id: id, status: "queued", trigger: "manual" });
    expectProblem(await api.post(`${BASE}/${id}/run`, undefined, { token: admin.token }), 409, "run-in-progress");
    serveFeeds({
      "https://boards-api.greenhouse.io/v1/boards/runnow/jobs": () => json(tagged(greenhouseJobs, "runnow")),
    });
    await runIngestion(env, { run_id: (queued.json as { id: string }).id, source_id: id });
    vi.restoreAllMocks();
    const runs = await api.get(`${BASE}/${id}/runs`, { token: admin.token });
    expect((runs.json as { data: unknown[] }).data[0]).toMatchObject({
      status: "succeeded",
      fetched: 3,
      new: 3,
      duplicates: 0,
    });
    const source = await api.get(`${BASE}/${id}`, { token: admin.token });
    expect(source.json).toMatchObject({ health: { status: "healthy", consecutive_failures: 0 } });
    // Imported jobs are labelled and searchable by source.
    const search = await api.get("/api/v1/jobs?source=greenhouse&q=runnow");
    const data = (search.json as { data: { import_source: string | null }[] }).data;
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((j) => j.import_source === "greenhouse")).toBe(true);
    const direct = await api.get("/api/v1/jobs?source=direct&q=runnow");
    expect((direct.json as { data: unknown[] }).data).toEqual([]);
    expectProblem(await api.get("/api/v1/jobs?source=indeed"), 400);
  });

  it("the 6-hourly cron queues one run per enabled source, once per tick", async () => {
    const admin = await signedIn({ role: "admin" });
    const on = await api.post(
      BASE,
      { name: "On", kind: "lever", config: { company: "cron-on" } },
      { token: admin.token },
    );
    await api.post(
      BASE,
      { name: "Off", kind: "lever", config: { company: "cron-off" }, enabled: false },
      { token: admin.token },
    );
    const { sent, queue } = captureQueue();
    const cc = {
      env: envWith({ EVENTS: queue }),
      ctx: createExecutionContext(),
      scheduledTime: Date.UTC(2026, 11, 3, 6),
    };
    vi.spyOn(console, "log").mockImplementation(() => {});
    await runSchedule("0 */6 * * *", cc);
    await runSchedule("0 */6 * * *", cc);
    const mine = sent.filter((m) => m.type === "ingestion.fetch" && m.source_id === (on.json as { id: string }).id);
    expect(mine).toHaveLength(1);
    const runs = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM ingestion_runs WHERE source_id = ? AND trigger = 'cron'",
    )
      .bind((on.json as { id: string }).id)
      .first<{ n: number }>();
    expect(runs?.n).toBe(1);
    expect(sent.filter((m) => m.type === "ingestion.fetch").length).toBeGreaterThanOrEqual(1);
  });
});
