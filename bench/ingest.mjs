#!/usr/bin/env node
/**
 * Ingestion benchmark (`npm run bench -- --ingest`, or `node bench/ingest.mjs
 * [--dedup-jobs 600] [--seed 7]`): dedup quality of the real normaliser +
 * fingerprint + merge rule on the labelled near-duplicate set of
 * bench/ingest-world.mjs, run inside workerd by test/bench/ingest-dedup.bench.ts
 * (bench/vitest.ingest.config.ts). Target (issue #16): ≥ 98 % precision and
 * ≥ 95 % recall. Then one run of 10 000 postings (`--postings`) written by the
 * pipeline into a local D1 seeded with `--jobs` demo jobs (default 20 000; the
 * issue asks 100 000, which seeds in minutes), by test/bench/ingest-run.bench.ts:
 * wall time and D1 queries / rows read / rows written. `--no-run` skips it.
 * Writes bench/results/<date>-ingest.{json,md}.
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
    "#### Ingestion dedup quality (labelled near-duplicate set, real normaliser + dedup key: same canonical URL, or an LSH band candidate that passes verification)",
    "",
    `Set: ${d.jobs} jobs (seed ${d.seed}), ${d.postings} postings, ${d.labelled_pairs} labelled cross-board pairs (${d.positives} duplicates, ${d.negatives} hard negatives). Target: ≥ 98 % precision, ≥ 95 % recall.`,
    "",
    "| precision | recall | TP | FP | FN | TN | duplicates merged by URL | false merges among all other cross-board pairs | precision over all pairs |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${d.precision_pct} % | ${d.recall_pct} % | ${d.true_positives} | ${d.false_positives} | ${d.false_negatives} | ${d.true_negatives} | ${d.merged_by_url} | ${d.cross_pairs_false_merges} of ${d.cross_pairs_unlabelled.toLocaleString("en")} | ${d.precision_all_pairs_pct} % |`,
    "",
    "| pair kind | duplicate? | pairs | band candidates | merged | merged by URL | description containment p5 / median / p95 |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...d.kinds.map(
      (k) =>
        `| ${k.kind} | ${k.duplicate ? "yes" : "no"} | ${k.pairs} | ${k.candidates} | ${k.merged} (${((100 * k.merged) / k.pairs).toFixed(1)} %) | ${k.merged_by_url} | ${k.p05_containment} / ${k.median_containment} / ${k.p95_containment} |`,
    ),
  ];
  const w = r.run;
  if (w) {
    lines.push(
      "",
      `#### One ingestion run: ${w.postings.toLocaleString("en")} postings of one source into ${w.jobs_in_database.toLocaleString("en")} seeded jobs (writePostings, workerd local D1)`,
      "",
      "| wall time | postings/s | D1 queries | rows read | rows written | rows read / posting | rows written / posting | created | duplicates (URL) |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      `| ${w.seconds.toFixed(1)} s | ${w.postings_per_second} | ${w.d1_queries.toLocaleString("en")} | ${w.d1_rows_read.toLocaleString("en")} | ${w.d1_rows_written.toLocaleString("en")} | ${w.rows_read_per_posting} | ${w.rows_written_per_posting} | ${w.counts.created} | ${w.counts.duplicates} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const result = {
  date: new Date().toISOString(),
  dedup: runBench("test/bench/ingest-dedup.bench.ts", "@@INGEST_DEDUP@@", {
    INGEST_DEDUP_JOBS: String(arg("dedup-jobs", 600)),
    INGEST_DEDUP_SEED: String(arg("seed", 7)),
  }),
};
if (!process.argv.includes("--no-run")) {
  result.run = runBench("test/bench/ingest-run.bench.ts", "@@INGEST_RUN@@", {
    INGEST_RUN_JOBS: String(arg("jobs", 20_000)),
    INGEST_RUN_POSTINGS: String(arg("postings", 10_000)),
    INGEST_DEDUP_SEED: String(arg("seed", 7)),
  });
}
const dir = join(root, "bench", "results");
mkdirSync(dir, { recursive: true });
const stamp = result.date.slice(0, 10);
const md = ingestMarkdown(result);
console.log(md);
writeFileSync(join(dir, `${stamp}-ingest.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(dir, `${stamp}-ingest.md`), md);
