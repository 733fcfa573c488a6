#!/usr/bin/env node
/**
 * The relevance benchmark (`npm run bench -- --relevance`, or `node bench/relevance.mjs`):
 * builds a local database with the labelled set of bench/relevance-set.mjs
 * (3 400 postings, 340 targets by default; `--jobs`, `--targets`, `--seed`), starts
 * the Worker with `wrangler dev` on it and sends every query through the real
 * `GET /api/v1/jobs` (and suggest). Prints and writes hit@1 / hit@3 / MRR per
 * variant class to bench/results/<date>-relevance.{json,md}.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { newId, quote } from "../scripts/seed.mjs";
import { root } from "./engine-db.mjs";
import { buildRelevanceSet, summarize } from "./relevance-set.mjs";

const bin = (name) => join(root, "node_modules", ".bin", name);
const childEnv = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH}` };

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: childEnv });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed with ${r.status}`);
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** One random edit anywhere in the word (the first letter included). */
function typo(word, rand) {
  for (let i = 0; i < 20; i++) {
    const pos = Math.floor(rand() * word.length);
    const letter = LETTERS[Math.floor(rand() * 26)];
    const kind = Math.floor(rand() * 4);
    const out =
      kind === 0
        ? word.slice(0, pos) + letter + word.slice(pos + 1)
        : kind === 1
          ? word.slice(0, pos) + letter + word.slice(pos)
          : kind === 2
            ? word.slice(0, pos) + word.slice(pos + 1)
            : word.slice(0, pos) + (word[pos + 1] ?? "") + word[pos] + word.slice(pos + 2);
    if (out !== word && out.length >= 4) return out;
  }
  return word;
}

export async function runRelevance(options = {}) {
  const jobs = options.jobs ?? arg("jobs", 3400);
  const targets = options.targets ?? arg("targets", 340);
  const seed = options.seed ?? arg("seed", 14);
  const port = options.port ?? arg("port", 8798);
  const dir = join(root, "bench", ".data", `relevance-${jobs}-${seed}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const set = buildRelevanceSet({ jobs, targets, seed, quote, newId });
  const file = join(dir, "seed.sql");
  writeFileSync(file, `${set.statements.join(";\n")};\n`);
  run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir]);
  run(bin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", dir, "--file", file]);

  const child = spawn(
    bin("wrangler"),
    [
      "dev",
      ...["--port", String(port), "--ip", "127.0.0.1", "--persist-to", dir, "--log-level", "error"],
      // Fresh throwaway secrets (as scripts/dev.mjs writes into .dev.vars), so no .dev.vars is needed.
      ...["JWT_SECRET", "ENCRYPTION_KEY", "SIGNING_SECRET"].flatMap((k) => [
        "--var",
        `${k}:${randomBytes(32).toString("hex")}`,
      ]),
      ...["--var", "ENVIRONMENT:development"],
    ],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: childEnv, detached: true },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let up = false, t = Date.now(); !up; ) {
      if (Date.now() - t > 120_000) throw new Error("the Worker did not start within 120 s");
      up = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!up) await new Promise((r) => setTimeout(r, 500));
    }
    let n = 0;
    const get = async (path) => {
      n += 1;
      const res = await fetch(`${base}${path}`, {
        headers: { "CF-Connecting-IP": `10.1.${(n >> 8) & 255}.${n & 255}` },
      });
      if (!res.ok) throw new Error(`${path} → ${res.status}`);
      return res.json();
    };
    const results = [];
    for (const query of set.queries) {
      const body = await get(`/api/v1/jobs?q=${encodeURIComponent(query.q)}&limit=10`);
      const i = body.data.findIndex((j) => j.id === query.target);
      results.push({ ...query, rank: i < 0 ? null : i + 1 });
    }
    const summary = summarize(results);

    // Suggest: one typo anywhere in a company name, a title word or a skill of a target.
    let s = 1414;
    const rand = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 4294967296;
    };
    const suggestResults = { company: [0, 0], title: [0, 0], skill: [0, 0] };
    const targetIds = new Set(set.queries.map((q) => q.target));
    for (const id of targetIds) {
      const job = await get(`/api/v1/jobs/${id}`);
      const cases = [
        ["company", job.company.name],
        ["title", job.title],
        ["skill", job.skills[0]?.name ?? job.title],
      ];
      for (const [kind, value] of cases) {
        const words = value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
        const long = words.map((w, k) => [w, k]).filter(([w]) => w.length >= 5);
        if (!long.length) continue;
        const [w, k] = long[Math.floor(rand() * long.length)];
        const q = words.map((x, j) => (j === k ? typo(w, rand) : x)).join(" ");
        const body = await get(`/api/v1/jobs/suggest?q=${encodeURIComponent(q)}`);
        const hit = body.data.some((d) => d.value.toLowerCase() === value.toLowerCase());
        suggestResults[kind][0] += hit ? 1 : 0;
        suggestResults[kind][1] += 1;
      }
    }
    const suggest = Object.fromEntries(
      Object.entries(suggestResults).map(([k, [hit, total]]) => [
        k,
        { queries: total, top10: +(hit / total).toFixed(4) },
      ]),
    );
    return { jobs: set.jobs, targets: set.targets, queries: set.queries.length, search: summary, suggest };
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

export function relevanceMarkdown(r) {
  const lines = [
    `#### Relevance: ${r.jobs.toLocaleString("en")} postings, ${r.targets} targets, ${r.queries} queries`,
    "",
    "| variant | queries | hit@1 | hit@3 | MRR@10 |",
    "|---|---:|---:|---:|---:|",
  ];
  for (const [variant, v] of Object.entries(r.search)) {
    lines.push(
      `| ${variant} | ${v.queries} | ${(v.hit1 * 100).toFixed(1)} % | ${(v.hit3 * 100).toFixed(1)} % | ${v.mrr.toFixed(3)} |`,
    );
  }
  lines.push("", "| suggest, one typo anywhere | queries | intended value in top 10 |", "|---|---:|---:|");
  for (const [kind, v] of Object.entries(r.suggest))
    lines.push(`| ${kind} | ${v.queries} | ${(v.top10 * 100).toFixed(1)} % |`);
  return `${lines.join("\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runRelevance();
  const md = relevanceMarkdown(r);
  console.log(md);
  const out = join(root, "bench", "results");
  mkdirSync(out, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 10);
  writeFileSync(join(out, `${stamp}-relevance.json`), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(join(out, `${stamp}-relevance.md`), md);
  process.exit(0);
}
