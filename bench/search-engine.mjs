#!/usr/bin/env node
/**
 * Engine-level search benchmark (`npm run bench -- --search-engine`, or
 * `node bench/search-engine.mjs [--jobs 100000,300000] [--runs 15]`): for each
 * size, runs test/bench/search-engine.bench.ts inside workerd (local D1 = SQLite,
 * the demo seed at that size) and reports, per query class, the median SQL time
 * and rows read of one `GET /jobs` batch — keyword only, and keyword + 3 filters
 * + facets — plus how far the sampled facet is from the exact shares. Writes
 * bench/results/<date>-search-engine.{json,md}.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { root } from "./engine-db.mjs";

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const sizes = String(arg("jobs", "100000"))
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const runs = Number(arg("runs", 15));

function runSize(jobs) {
  const env = {
    ...process.env,
    PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH}`,
    SEARCH_ENGINE_JOBS: String(jobs),
    SEARCH_ENGINE_RUNS: String(runs),
  };
  const run = spawnSync(
    join(root, "node_modules", ".bin", "vitest"),
    ["run", "--config", "bench/vitest.search.config.ts"],
    { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const out = `${run.stdout}${run.stderr}`;
  const line = out.split("\n").find((l) => l.includes("@@SEARCH_ENGINE@@"));
  if (run.status !== 0 || !line) {
    console.error(out);
    throw new Error(`the search engine bench failed at ${jobs} jobs (exit ${run.status})`);
  }
  return JSON.parse(line.slice(line.indexOf("@@SEARCH_ENGINE@@") + "@@SEARCH_ENGINE@@".length));
}

export function searchEngineMarkdown(results) {
  const lines = [
    "#### Search, engine level (workerd local D1 / SQLite, one `GET /jobs` batch, median of runs)",
    "",
    "| jobs | query class | median SQL time | median rows read | worst query rows read |",
    "|---:|---|---:|---:|---:|",
  ];
  for (const r of results) {
    for (const kind of ["keyword", "keyword_3_filters_facets"]) {
      const k = r[kind];
      lines.push(
        `| ${r.jobs.toLocaleString("en")} | ${kind.replaceAll("_", " ")} | ${k.median_ms.toFixed(1)} ms | ${Math.round(k.median_rows_read).toLocaleString("en")} | ${Math.round(k.max_rows_read).toLocaleString("en")} |`,
      );
    }
  }
  lines.push("", "| jobs | query | statements | median SQL time | median rows read |", "|---:|---|---:|---:|---:|");
  for (const r of results) {
    for (const kind of ["keyword", "keyword_3_filters_facets"]) {
      for (const q of r[kind].queries) {
        lines.push(
          `| ${r.jobs.toLocaleString("en")} | \`${q.query}\` | ${q.statements} | ${q.median_ms.toFixed(1)} ms | ${Math.round(q.median_rows_read).toLocaleString("en")} |`,
        );
      }
    }
  }
  lines.push(
    "",
    "| jobs | sampled facet | sample size | candidates (exact) | worst share error | same, first 1 000 (before) |",
    "|---:|---|---:|---:|---:|---:|",
  );
  for (const r of results) {
    const f = r.facet_sample;
    if (f)
      lines.push(
        `| ${r.jobs.toLocaleString("en")} | ${f.facet}${f.sampled ? "" : " (exact)"} | ${f.sample_size} | ${f.candidates_exact} | ${f.worst_share_error_points} points | ${f.first_1000_worst_share_error_points ?? "–"} points |`,
      );
  }
  return `${lines.join("\n")}\n`;
}

const dir = join(root, "bench", "results");
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().slice(0, 10);
// Sizes measured earlier the same day are kept (a 300 000 run after a 100 000 one).
const file = join(dir, `${stamp}-search-engine.json`);
const earlier = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : [];
const fresh = sizes.map(runSize);
const results = [...earlier.filter((r) => !sizes.includes(r.jobs)), ...fresh].sort((a, b) => a.jobs - b.jobs);
const md = searchEngineMarkdown(results);
console.log(md);
writeFileSync(join(dir, `${stamp}-search-engine.json`), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(dir, `${stamp}-search-engine.md`), md);
process.exit(0);
