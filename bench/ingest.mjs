#!/usr/bin/env node
/**
 * Ingestion benchmark (`npm run bench -- --ingest`, or `node bench/ingest.mjs
 * [--dedup-jobs 600] [--seed 7]`): dedup quality of the real normaliser +
 * fingerprint + merge rule on the labelled near-duplicate set of
 * bench/ingest-world.mjs, run inside workerd by test/bench/ingest-dedup.bench.ts
 * (bench/vitest.ingest.config.ts). Target (issue #16): ≥ 98 % precision and
 * ≥ 95 % recall. Writes bench/results/<date>-ingest.{json,md}.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { root } from "./engine-db.mjs";

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function runBench(file, marker, extraEnv) {
  const env = {
    ...process.env,
    PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH}`,
    INGEST_BENCH_FILE: file,
    ...extraEnv,
  };
  const run = spawnSync(
    join(root, "node_modules", ".bin", "vitest"),
    ["run", "--config", "bench/vitest.ingest.config.ts"],
    {
      cwd: root,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const out = `${run.stdout}${run.stderr}`;
  const line = out.split("\n").find((l) => l.includes(marker));
  if (run.status !== 0 || !line) {
    console.error(out);
    throw new Error(`${file} failed (exit ${run.status})`);
  }
  return JSON.parse(line.slice(line.indexOf(marker) + marker.length));
}

export function ingestMarkdown(r) {
  const d = r.dedup;
  const lines = [
    "#### Ingestion dedup quality (labelled near-duplicate set, real normaliser + SimHash, Hamming ≤ 3 or same canonical URL)",
    "",
    `Set: ${d.jobs} jobs (seed ${d.seed}), ${d.postings} postings, ${d.labelled_pairs} labelled cross-board pairs (${d.positives} duplicates, ${d.negatives} hard negatives). Target: ≥ 98 % precision, ≥ 95 % recall.`,
    "",
    "| precision | recall | TP | FP | FN | TN | duplicates merged by URL | false merges among all other cross-board pairs | precision over all pairs |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${d.precision_pct} % | ${d.recall_pct} % | ${d.true_positives} | ${d.false_positives} | ${d.false_negatives} | ${d.true_negatives} | ${d.merged_by_url} | ${d.cross_pairs_false_merges} of ${d.cross_pairs_unlabelled.toLocaleString("en")} | ${d.precision_all_pairs_pct} % |`,
    "",
    "| pair kind | duplicate? | pairs | merged | merged by URL | median Hamming distance |",
    "|---|---|---:|---:|---:|---:|",
    ...d.kinds.map(
      (k) =>
        `| ${k.kind} | ${k.duplicate ? "yes" : "no"} | ${k.pairs} | ${k.merged} (${((100 * k.merged) / k.pairs).toFixed(1)} %) | ${k.merged_by_url} | ${k.median_distance} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

const result = {
  date: new Date().toISOString(),
  dedup: runBench("test/bench/ingest-dedup.bench.ts", "@@INGEST_DEDUP@@", {
    INGEST_DEDUP_JOBS: String(arg("dedup-jobs", 600)),
    INGEST_DEDUP_SEED: String(arg("seed", 7)),
  }),
};
const dir = join(root, "bench", "results");
mkdirSync(dir, { recursive: true });
const stamp = result.date.slice(0, 10);
const md = ingestMarkdown(result);
console.log(md);
writeFileSync(join(dir, `${stamp}-ingest.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(dir, `${stamp}-ingest.md`), md);
