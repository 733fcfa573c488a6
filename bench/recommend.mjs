#!/usr/bin/env node
/**
 * The offline evaluation of recommendations (`npm run bench -- --recommend`, or
 * `node bench/recommend.mjs [--jobs 400] [--seekers 280] [--seed 22]`): runs
 * test/bench/recommend-eval.bench.ts inside workerd (the real recommender and
 * neighbour learner against local D1, as in the unit tests) and writes
 * hit-rate@10, recall@10, nDCG@10, coverage and diversity with bootstrap
 * intervals for ours, content-only and popularity to
 * bench/results/<date>-recommend.{json,md}.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { root } from "./engine-db.mjs";

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? String(Number(process.argv[i + 1])) : String(fallback);
}

const childEnv = {
  ...process.env,
  PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH}`,
  RECOMMEND_JOBS: arg("jobs", 400),
  RECOMMEND_SEEKERS: arg("seekers", 280),
  RECOMMEND_SEED: arg("seed", 22),
};
const run = spawnSync(
  join(root, "node_modules", ".bin", "vitest"),
  ["run", "--config", "bench/vitest.recommend.config.ts"],
  { cwd: root, env: childEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
const out = `${run.stdout}${run.stderr}`;
const line = out.split("\n").find((l) => l.includes("@@RECOMMEND_EVAL@@"));
if (run.status !== 0 || !line) {
  console.error(out);
  throw new Error(`the evaluation failed (exit ${run.status})`);
}
const result = JSON.parse(line.slice(line.indexOf("@@RECOMMEND_EVAL@@") + "@@RECOMMEND_EVAL@@".length));

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const stat = (s) => `${s.mean.toFixed(3)} [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]`;

export function recommendMarkdown(r) {
  const lines = [
    `#### Recommendations: ${r.world.jobs} jobs, ${r.seekers} seekers, ${r.held_out} held-out applications (seed ${r.world.seed})`,
    "",
    "| system | hit-rate@10 | recall@10 | nDCG@10 | coverage | families per list | second interest shown |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const [name, s] of Object.entries(r.systems)) {
    lines.push(
      `| ${name} | ${stat(s.hit_rate_at_10)} | ${stat(s.recall_at_10)} | ${stat(s.ndcg_at_10)} | ${pct(s.coverage)} | ${s.families_per_list.toFixed(2)} | ${pct(s.second_interest_shown)} |`,
    );
  }
  lines.push("", "| hit-rate ratio | ratio | 95 % interval (paired bootstrap) |", "|---|---:|---:|");
  for (const [name, v] of Object.entries(r.hit_rate_ratios)) {
    lines.push(
      `| ${name.replace("_vs_", " ÷ ")} | ${v.ratio.toFixed(2)} | [${v.ci[0].toFixed(2)}, ${v.ci[1].toFixed(2)}] |`,
    );
  }
  lines.push(
    "",
    "| checks | items | deadline passed | already engaged | reasons | false reasons |",
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const [name, c] of Object.entries(r.checks)) {
    lines.push(
      `| ${name} | ${c.items} | ${c.deadline_passed} | ${c.already_engaged} | ${c.reasons} | ${c.false_reasons} |`,
    );
  }
  lines.push("", "Intervals: 1 000 bootstrap resamples of seekers (seeded). Brackets are 95 % intervals.");
  return `${lines.join("\n")}\n`;
}

const md = recommendMarkdown(result);
console.log(md);
const dir = join(root, "bench", "results");
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().slice(0, 10);
writeFileSync(join(dir, `${stamp}-recommend.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(dir, `${stamp}-recommend.md`), md);
