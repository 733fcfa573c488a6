/**
 * The `search.index.merge` cron task (src/modules/search/tasks.ts): every write
 * transaction adds a segment to `jobs_fts`; the task merges them, a bounded amount
 * per tick, and once the index is one segment a tick does no work. The index stays
 * correct throughout (FTS5's integrity check, and the same matches).
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CRON, schedules } from "../src/cron";
import { searchIndexMergeTask } from "../src/modules/search";

const tick = async () =>
  (await searchIndexMergeTask.run({ env, ctx: createExecutionContext(), scheduledTime: Date.now() })) as {
    changes: number;
  };

const matches = async (expr: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM jobs_fts WHERE jobs_fts MATCH ?").bind(expr).first<{ n: number }>())
    ?.n;

describe("search index merge task", () => {
  it("runs every five minutes", () => {
    expect(schedules[CRON.everyFiveMinutes]?.map((t) => t.name)).toContain("search.index.merge");
  });

  it("merges the segments that separate writes left, then does nothing, with the same matches", async () => {
    // One transaction per document: each leaves its own level-0 segment.
    for (let i = 0; i < 40; i++) {
      await env.DB.prepare(
        "INSERT INTO job_search_docs (job_id, title, skills, company, category, description, filters) VALUES (?, ?, 'go', 'Acme', 'Engineering', ?, 'za0')",
      )
        .bind(`merge-job-${i}`, `Platform Engineer ${i}`, `Build the merge platform, part ${i}.`)
        .run();
    }
    const before = { all: await matches('"platform" "engineer"'), one: await matches('title : "7"') };
    expect(before.all).toBe(40);

    const first = await tick();
    expect(first.changes).toBeGreaterThan(0);
    let ticks = 1;
    while ((await tick()).changes > 0 && ticks < 20) ticks++;
    // Merged: a further tick has nothing to merge.
    expect((await tick()).changes).toBe(0);

    await env.DB.prepare("INSERT INTO jobs_fts(jobs_fts) VALUES ('integrity-check')").run();
    expect({ all: await matches('"platform" "engineer"'), one: await matches('title : "7"') }).toEqual(before);
  });
});
