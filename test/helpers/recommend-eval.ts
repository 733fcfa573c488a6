/**
 * The offline evaluation of recommendations (issue #22) against local D1: loads
 * a seeded world (bench/recommend-world.mjs), runs the neighbour learner as the
 * cron does, asks the real recommender (`recommendJobs`, both variants) for every
 * seeker and checks every stated reason against the world. Shared by the CI floor
 * test (test/recommend-eval.test.ts) and `npm run bench -- --recommend`
 * (test/bench/recommend-eval.bench.ts).
 */
import { env } from "cloudflare:test";
import { buildRecommendWorld, evaluate, popularityLists, type World } from "../../bench/recommend-world.mjs";
import { viewerHash } from "../../src/modules/jobs/discovery";
import { type RecommenderVariant, recommendJobs } from "../../src/modules/jobs/recommend";
import { learnNeighbors } from "../../src/modules/jobs/recommend-learn";
import { levelForYears } from "../../src/modules/jobs/recommend-score";

const DAY = 86_400_000;
const quote = (v: unknown) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

export async function loadWorld(options: { jobs?: number; seekers?: number; seed?: number }): Promise<World> {
  const world = buildRecommendWorld({ ...options, quote });
  for (let i = 0; i < world.statements.length; i += 40) {
    await env.DB.batch(world.statements.slice(i, i + 40).map((s) => env.DB.prepare(s)));
  }
  // Views as the `job.viewed` consumer stores them: the seeker's salted hash for that day.
  const rows = await Promise.all(
    world.views.map(async (v) => {
      const day = Math.floor(v.at / DAY);
      return [v.jobId, day, await viewerHash(env.SIGNING_SECRET, day, `u:${v.userId}`)] as const;
    }),
  );
  for (let i = 0; i < rows.length; i += 30) {
    const chunk = rows.slice(i, i + 30);
    await env.DB.prepare(
      `INSERT OR IGNORE INTO job_views (job_id, day, viewer) VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")}`,
    )
      .bind(...chunk.flat())
      .run();
  }
  // The cron task drains its backlog a few batches per run; run it until nothing is new.
  for (;;) {
    const counted = await learnNeighbors(env.DB, 50);
    if (Object.values(counted).every((n) => n === 0)) break;
  }
  return world;
}

export interface SystemRun {
  lists: Map<string, string[]>;
  reasons: number;
  falseReasons: string[];
}

/** Every reason the recommender can state, checked against the world (the hidden truth and the profile). */
function reasonCheck(world: World, neighbours: Map<string, Set<string>>) {
  const jobs = new Map(world.jobs.map((j) => [j.id, j]));
  const category = new Map(world.categories.map((c) => [c.id, c.name]));
  return (seekerId: string, jobId: string, reason: string): boolean => {
    const seeker = world.seekers.find((s) => s.id === seekerId);
    const job = jobs.get(jobId);
    if (!seeker || !job) return false;
    const engaged = seeker.history.map((e) => ({ ...e, job: jobs.get(e.jobId) }));
    let m = /^Matches (\d+) of your skills: (.*?)(?: \(also asks for (.*)\))?$/.exec(reason);
    if (m) {
      const mine = new Set(seeker.profile.skills.map((s) => s.toLowerCase()));
      const matched = job.skills.filter((s) => mine.has(s.toLowerCase()));
      const named = (m[2] ?? "").replace(/, …$/, "").split(", ");
      return Number(m[1]) === matched.length && named.every((n) => matched.includes(n));
    }
    m = /^Similar to jobs you (saved or applied to|viewed) \((.*)\)$/.exec(reason);
    if (m) {
      const kinds = m[1] === "viewed" ? ["view"] : ["save", "apply"];
      return engaged.some((e) => kinds.includes(e.kind) && e.job && category.get(e.job.categoryId) === m?.[2]);
    }
    m = /^In (.*), one of your preferred locations$/.exec(reason);
    if (m) return job.city === m[1] && seeker.profile.desiredLocations.includes(job.city);
    if (reason === "Remote") return job.remote;
    m = /^Fits your experience \((.*) level\)$/.exec(reason);
    if (m) return seeker.profile.years !== null && job.level === m[1] && levelForYears(seeker.profile.years) === m[1];
    const age = (world.now - job.created) / DAY;
    if (reason === "Posted today") return age < 1;
    m = /^Posted (\d+) days? ago$/.exec(reason);
    if (m) return Math.floor(age) === Number(m[1]);
    m = /^Seekers who looked at "(.*)" were also interested in this job$/.exec(reason);
    if (m) return engaged.some((e) => e.job?.title === m?.[1] && neighbours.get(e.jobId)?.has(jobId));
    if (reason === "Seekers with a history like yours applied to or saved it") {
      const mine = new Set(seeker.history.map((e) => e.jobId));
      return world.seekers.some(
        (other) =>
          other.id !== seeker.id &&
          other.history.some((e) => e.kind !== "view" && mine.has(e.jobId)) &&
          other.history.some((e) => e.kind !== "view" && e.jobId === jobId),
      );
    }
    m = /^(Remote|In (.*)), like jobs you (saved or applied to|viewed)$/.exec(reason);
    if (m) {
      const kinds = m[3] === "viewed" ? ["view"] : ["save", "apply"];
      const where = (j: (typeof world.jobs)[number]) =>
        m?.[1] === "Remote" ? j.remote : !j.remote && j.city === m?.[2];
      const here = m[1] === "Remote" ? job.remote : !job.remote && job.city === m[2];
      return here && engaged.some((e) => kinds.includes(e.kind) && e.job && where(e.job));
    }
    m = /^(\d+) seekers have applied$/.exec(reason);
    if (m) {
      const n = world.seekers.filter((o) => o.history.some((e) => e.kind === "apply" && e.jobId === jobId)).length;
      return n === Number(m[1]);
    }
    m = /^At (.*) level, like jobs you (saved or applied to|viewed)$/.exec(reason);
    if (m) {
      const kinds = m[2] === "viewed" ? ["view"] : ["save", "apply"];
      return job.level === m[1] && engaged.some((e) => kinds.includes(e.kind) && e.job?.level === m?.[1]);
    }
    return false;
  };
}

/** Runs the real recommender for every seeker in one variant. */
export async function runVariant(world: World, variant: RecommenderVariant, limit = 10): Promise<SystemRun> {
  const { results } = await env.DB.prepare("SELECT job_id, other_id FROM job_neighbors").all<{
    job_id: string;
    other_id: string;
  }>();
  const neighbours = new Map<string, Set<string>>();
  for (const r of results) neighbours.set(r.job_id, (neighbours.get(r.job_id) ?? new Set()).add(r.other_id));
  const check = reasonCheck(world, neighbours);
  const lists = new Map<string, string[]>();
  const falseReasons: string[] = [];
  let reasons = 0;
  for (const seeker of world.seekers) {
    const { data } = await recommendJobs(env, env.DB, seeker.id, limit, world.now, variant);
    lists.set(
      seeker.id,
      data.map((r) => r.job.id),
    );
    for (const r of data) {
      for (const reason of r.reasons) {
        reasons++;
        if (!check(seeker.id, r.job.id, reason)) falseReasons.push(reason);
      }
    }
  }
  return { lists, reasons, falseReasons };
}

/** Ours (the `blend` variant) against popularity and content-only (the `content` variant). */
export async function evaluateWorld(world: World, rounds = 1000) {
  const ours = await runVariant(world, "blend");
  const content = await runVariant(world, "content");
  const figures = evaluate(
    world,
    { ours: ours.lists, content: content.lists, popularity: popularityLists(world) },
    { rounds, baselines: ["content", "popularity"] },
  );
  const deadlinePassed = new Set(world.jobs.filter((j) => j.deadlinePassed).map((j) => j.id));
  const engaged = new Map(world.seekers.map((s) => [s.id, new Set(s.history.map((e) => e.jobId))]));
  const items = (run: SystemRun) => [...run.lists.entries()].flatMap(([s, l]) => l.map((j) => [s, j] as const));
  const defects = (run: SystemRun) => ({
    items: items(run).length,
    deadline_passed: items(run).filter(([, j]) => deadlinePassed.has(j)).length,
    already_engaged: items(run).filter(([s, j]) => engaged.get(s)?.has(j)).length,
    reasons: run.reasons,
    false_reasons: run.falseReasons.length,
  });
  return {
    ...figures,
    checks: { ours: defects(ours), content: defects(content) },
    false_reason_examples: [...new Set([...ours.falseReasons, ...content.falseReasons])].slice(0, 10),
  };
}
