/**
 * The optional semantic adapter (src/modules/jobs/semantic.ts, issue #22): Workers AI and
 * Vectorize have no local simulator, so these tests hand in test doubles of the two binding
 * shapes — `AI.run('@cf/baai/bge-small-en-v1.5', { text })` → `{ data: number[][] }` and a
 * Vectorize index with `upsert` and `query` (`{ matches: [{ id, score }] }`, cosine) — around
 * the real local D1. Without the bindings (every other test, the default setup) nothing changes.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { indexPublishedJob, similarJobs } from "../src/modules/jobs";
import { recommendJobs } from "../src/modules/jobs/recommend";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, recordFromSql } from "../src/modules/jobs/records";
import { EMBEDDING_MODEL, semanticIndex, semanticPoints } from "../src/modules/jobs/semantic";
import { makeApplication, makeCategory, makeCompany, makeJob, signedIn, unique } from "./factories";

const DIMENSIONS = 384;

/** A bag-of-words embedding (hashed into 384 dimensions, unit length): texts sharing words are close. */
function embedText(text: string): number[] {
  const v = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    const i = (h >>> 0) % DIMENSIONS;
    v[i] = (v[i] ?? 0) + 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** Test doubles of the `AI` and `VECTORIZE` bindings, recording their calls. */
function fakeBindings() {
  const runs: { model: string; text: string[] }[] = [];
  const stored = new Map<string, number[]>();
  const AI = {
    async run(model: string, input: { text: string[] }) {
      runs.push({ model, text: input.text });
      return { shape: [input.text.length, DIMENSIONS], data: input.text.map(embedText) };
    },
  };
  const VECTORIZE = {
    async upsert(vectors: { id: string; values: number[] }[]) {
      for (const v of vectors) stored.set(v.id, v.values);
      return { mutationId: "m1" };
    },
    async query(vector: number[], options: { topK: number }) {
      const matches = [...stored.entries()]
        .map(([id, values]) => ({ id, score: values.reduce((s, x, i) => s + x * (vector[i] ?? 0), 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, options.topK);
      return { count: matches.length, matches };
    },
  };
  return { AI, VECTORIZE, runs, stored };
}

async function recordOf(id: string) {
  const row = await env.DB.prepare(
    `SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text} WHERE j.id = ?`,
  )
    .bind(id)
    .first<Record<string, unknown>>();
  if (!row) throw new Error(`no job ${id}`);
  return recordFromSql(row);
}

/** Two jobs that share no title word, skill or category, only what their descriptions are about. */
async function unrelatedButClose() {
  const company = await makeCompany({ verified: true });
  const tag = unique("")
    .slice(-6)
    .replace(/[^a-z0-9]/gi, "");
  // Sixteen shared words, twice each: the bag-of-words vectors are close (cosine ≈ 0.85).
  const words =
    "cryostat qubit lattice dilution refrigerator superconducting calibration helium vacuum cryogenic microwave resonator fridge millikelvin wiring shielding";
  const about = `${words} ${words}`;
  const a = await makeJob({
    companyId: company.id,
    title: `Quantum Hardware Scientist ${tag}`,
    categoryId: (await makeCategory()).id,
    description: `You will run our ${about} lab.`,
  });
  const b = await makeJob({
    companyId: company.id,
    title: "Laboratory Operations Specialist",
    categoryId: (await makeCategory()).id,
    description: `Keep the ${about} running.`,
  });
  return { a, b };
}

describe("semantic similarity adapter (AI + VECTORIZE test doubles)", () => {
  it("is active only when both bindings exist", () => {
    const { AI, VECTORIZE } = fakeBindings();
    expect(semanticIndex(env)).toBeNull();
    expect(semanticIndex({ ...env, AI })).toBeNull();
    expect(semanticIndex({ ...env, VECTORIZE })).toBeNull();
    expect(semanticIndex({ ...env, AI: {}, VECTORIZE })).toBeNull();
    expect(semanticIndex({ ...env, AI, VECTORIZE })).not.toBeNull();
  });

  it("embeds a published job on its job.published message and upserts it under the job id", async () => {
    const { a } = await unrelatedButClose();
    const message = { type: "job.published" as const, id: `job-published:${a.id}`, job_id: a.id, created_at: 1 };
    // Without the bindings (the default setup) the consumer does nothing.
    expect(await indexPublishedJob(env, message)).toBe(false);
    const fake = fakeBindings();
    const withSem = { ...env, AI: fake.AI, VECTORIZE: fake.VECTORIZE };
    expect(await indexPublishedJob(withSem, message)).toBe(true);
    expect(fake.runs).toHaveLength(1);
    expect(fake.runs[0]?.model).toBe(EMBEDDING_MODEL);
    expect(fake.runs[0]?.text[0]).toContain(a.title);
    expect(fake.runs[0]?.text[0]).toContain("cryostat");
    expect(fake.stored.get(a.id)).toHaveLength(DIMENSIONS);
    // The instant-alert continuation of the same job is not embedded again.
    expect(await indexPublishedJob(withSem, { ...message, after_alert_id: "x" })).toBe(false);
    expect(fake.runs).toHaveLength(1);
  });

  it("rejects an embedding response of another shape instead of storing garbage", async () => {
    const { a } = await unrelatedButClose();
    const fake = fakeBindings();
    const broken = { ...env, AI: { run: async () => ({ data: [[0.1, "x"]] }) }, VECTORIZE: fake.VECTORIZE };
    await expect(
      indexPublishedJob(broken, { type: "job.published", id: `job-published:${a.id}`, job_id: a.id, created_at: 1 }),
    ).rejects.toThrow(EMBEDDING_MODEL);
    expect(fake.stored.size).toBe(0);
  });

  it("similar jobs include a job close in meaning only when the bindings are configured", async () => {
    const { a, b } = await unrelatedButClose();
    const fake = fakeBindings();
    const withSem = { ...env, AI: fake.AI, VECTORIZE: fake.VECTORIZE };
    for (const job of [a, b]) {
      await indexPublishedJob(withSem, {
        type: "job.published",
        id: `job-published:${job.id}`,
        job_id: job.id,
        created_at: 1,
      });
    }
    const rec = await recordOf(a.id);
    const plain = await similarJobs(env, env.DB, rec, 10);
    expect(plain.map((j) => j.id)).not.toContain(b.id);
    const semantic = await similarJobs(withSem, env.DB, rec, 10);
    expect(semantic.map((j) => j.id)).toContain(b.id);
    expect(semantic.map((j) => j.id)).not.toContain(a.id);
  });

  it("recommendations blend the nearest jobs of the seeker's engaged jobs (blend variant only)", async () => {
    const { a, b } = await unrelatedButClose();
    const fake = fakeBindings();
    const withSem = { ...env, AI: fake.AI, VECTORIZE: fake.VECTORIZE };
    for (const job of [a, b]) {
      await indexPublishedJob(withSem, {
        type: "job.published",
        id: `job-published:${job.id}`,
        job_id: job.id,
        created_at: 1,
      });
    }
    const seeker = await signedIn();
    await makeApplication(a, seeker.user.id);
    const now = Date.now();
    // The limit is part of the cache key: each call below computes afresh.
    const plain = await recommendJobs(env, env.DB, seeker.user.id, 49, now, "blend");
    const semantic = await recommendJobs(withSem, env.DB, seeker.user.id, 50, now, "blend");
    const scoreOf = (data: typeof plain.data) => data.find((r) => r.job.id === b.id)?.score ?? 0;
    expect(semantic.data.map((r) => r.job.id)).toContain(b.id);
    expect(semantic.data.map((r) => r.job.id)).not.toContain(a.id);
    expect(scoreOf(semantic.data)).toBeGreaterThan(scoreOf(plain.data));
    // The closeness states no reason of its own: the job's reasons are the same with and without it.
    const plainB = plain.data.find((r) => r.job.id === b.id);
    if (plainB) expect(semantic.data.find((r) => r.job.id === b.id)?.reasons).toEqual(plainB.reasons);
    // The content holdout reads the profile only: no anchors, so no embedding call for it.
    const before = fake.runs.length;
    await recommendJobs(withSem, env.DB, seeker.user.id, 48, now, "content");
    expect(fake.runs.length).toBe(before);
  });

  it("gives points only above the floor of unrelated texts, capped at the maximum", () => {
    expect(semanticPoints(undefined, 10)).toBe(0);
    expect(semanticPoints(0.5, 10)).toBe(0);
    expect(semanticPoints(0.8, 10)).toBeCloseTo(5);
    expect(semanticPoints(1.2, 10)).toBe(10);
  });
});
