#!/usr/bin/env node
// The benchmark harness (`npm run bench`).
//
//   npm run bench                          # 100 000 jobs, every endpoint
//   npm run bench -- --jobs 10000          # another size
//   npm run bench -- --scaling             # search + list at 10k, 100k and 300k jobs
//   npm run bench -- --duration 10 --connections 16 --keyword kubernetes
//   npm run bench -- --scaling --build-only    # only build the databases
//   npm run bench -- --rebuild                 # rebuild instead of reusing
//   npm run bench -- --relevance               # search relevance (bench/relevance.mjs)
//   npm run bench -- --recommend               # recommendations, offline evaluation (bench/recommend.mjs)
//   npm run bench -- --search-engine           # search SQL cost at engine level (bench/search-engine.mjs)
//   npm run bench -- --ingest                  # ingestion dedup precision/recall + one 10 000-posting run (bench/ingest.mjs)
//
// For each size it builds (or reuses) a local database in bench/.data/jobs-<N>/
// (never the dev data), starts the Worker with `wrangler dev` exactly as
// `npm run dev` does but on that persistence directory, drives load with
// autocannon from this (separate) process, and stops the Worker again.
// Per endpoint it reports requests/s, p50/p90/p99 latency, errors, D1 queries
// and rows read per request (from the dev-only Server-Timing header), and the
// throughput relative to GET /health in the same run. Results go to
// bench/results/<date>.json and a Markdown table to bench/results/<date>.md.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { devVarsProblems, ensureDevVars } from "./dev-vars.mjs";
import { BENCH_PASSWORD } from "./seed/60-bench.mjs";
import { buildVendorModules } from "./vendor-modules.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
// Children resolve `node` through node_modules/.bin first, so they run on the node@22 devDependency.
const childEnv = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH}` };

const args = parseArgs(process.argv.slice(2));
const duration = Number(args.duration ?? 10);
const connections = Number(args.connections ?? 16);
const port = Number(args.port ?? 8797);
const sizes = args.scaling ? [10_000, 100_000, 300_000] : [Number(args.jobs ?? 100_000)];
const base = `http://127.0.0.1:${port}`;

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) continue;
    const [k, v] = a.slice(2).split("=");
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] && !argv[i + 1].startsWith("--")) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit", env: childEnv, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(" ")} failed with ${r.status}`);
}

/**
 * Builds the database for `jobs` jobs once; a marker file makes later runs
 * reuse it. Migrations are applied every time (a no-op when current), so a
 * reused database follows schema changes.
 */
function ensureDatabase(jobs) {
  const dir = join(root, "bench", ".data", `jobs-${jobs}`);
  const marker = join(dir, "seeded.json");
  const reuse = existsSync(marker) && !args.rebuild;
  if (!reuse) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const started = Date.now();
  run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir]);
  if (reuse) {
    console.log(`reusing ${dir}`);
    return dir;
  }
  run(bin("node"), [join(root, "scripts", "seed.mjs"), "--persist-to", dir, "--jobs", String(jobs), "--bench"]);
  writeFileSync(marker, JSON.stringify({ jobs, seconds: (Date.now() - started) / 1000 }));
  return dir;
}

async function startWorker(persistTo) {
  await buildVendorModules();
  // A fresh clone has no .dev.vars: without its secrets the Worker answers 503 and never starts.
  if (ensureDevVars(root)) console.log("created .dev.vars with fresh random secrets");
  const problems = devVarsProblems(root);
  if (problems.length) throw new Error(`.dev.vars is not usable: ${problems.join("; ")}`);
  const child = spawn(
    bin("wrangler"),
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistTo, "--log-level", "error"],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: childEnv, detached: true },
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stopWorker(child);
  throw new Error("the Worker did not start within 120 s");
}

function stopWorker(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

async function json(path, init) {
  const res = await fetch(`${base}${path}`, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${path} → ${res.status}: ${await res.text()}`);
  return res.json();
}

async function login(email, password) {
  const body = await json("/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": randomIp() },
    body: JSON.stringify({ email, password }),
  });
  return body.access_token;
}

let loginSeq = 0;
function loginBody(n) {
  return JSON.stringify({ email: `bench-seeker-${n % 1000}@bench.test`, password: BENCH_PASSWORD });
}
function loginRequest(req) {
  loginSeq += 1;
  return { ...req, body: loginBody(loginSeq), headers: { ...req.headers, "CF-Connecting-IP": randomIp() } };
}

function randomIp() {
  return `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`;
}

/** Reads the dev-only Server-Timing header: D1 queries and rows read for one request. */
async function d1Cost(endpoint) {
  const res = await fetch(`${base}${endpoint.path}`, {
    method: endpoint.method ?? "GET",
    headers: { ...endpoint.headers, "CF-Connecting-IP": randomIp() },
    body: endpoint.body,
  });
  await res.arrayBuffer();
  const timing = res.headers.get("Server-Timing") ?? "";
  const metric = (name) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=(\\d+)`).exec(timing)?.[1] ?? Number.NaN);
  return { status: res.status, queries: metric("d1"), rows_read: metric("rows_read") };
}

async function load(endpoint, seconds) {
  const result = await autocannon({
    url: `${base}${endpoint.path}`,
    method: endpoint.method ?? "GET",
    headers: endpoint.headers ?? {},
    body: endpoint.body,
    connections: endpoint.connections ?? connections,
    duration: seconds,
    // Per-IP and per-account rate limits would turn a login benchmark into a 429
    // benchmark, so each login comes from another address as another bench seeker.
    requests: endpoint.kind === "login" ? [{ setupRequest: loginRequest }] : undefined,
  });
  return {
    requests_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p90_ms: result.latency.p90,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total_requests: result.requests.total,
  };
}

/** Picks realistic parameters from the data itself (a real keyword, a deep cursor, a job id). */
async function discover(token) {
  // limit=21, not the measured limit=20, so the list endpoint's first measured request is uncached.
  const first = await json("/api/v1/jobs?limit=21");
  const job = first.data[0];
  if (!job) throw new Error("the bench database has no published jobs");
  // One fixed keyword at every size, so the scaling figures compare the same query.
  const keyword = String(args.keyword ?? "kubernetes");
  let cursor = first.next_cursor;
  for (let i = 0; i < 25 && cursor; i++) {
    cursor = (await json(`/api/v1/jobs?limit=21&cursor=${encodeURIComponent(cursor)}`)).next_cursor;
  }
  const employerJobs = await json("/api/v1/employer/jobs?limit=100", { headers: { Authorization: `Bearer ${token}` } });
  const busiest = [...employerJobs.data].sort((a, b) => b.application_count - a.application_count)[0];
  return { keyword, jobId: job.id, cursor, busyJobId: busiest?.id };
}

function endpoints(d, tokens) {
  const auth = { Authorization: `Bearer ${tokens.employer}` };
  const list = [
    { name: "GET /health (baseline)", path: "/health" },
    { name: "job list, newest", path: "/api/v1/jobs?limit=20" },
    { name: "keyword search", path: `/api/v1/jobs?q=${encodeURIComponent(d.keyword)}&limit=20` },
    {
      name: "search + 3 filters + facets",
      path: `/api/v1/jobs?q=${encodeURIComponent(d.keyword)}&remote=true&job_type=full_time,contract&salary_min=40000&facets=job_type,experience_level,remote&limit=20`,
      kind: "search_facets",
    },
    { name: "deep cursor page (page 26)", path: `/api/v1/jobs?limit=21&cursor=${encodeURIComponent(d.cursor ?? "")}` },
    { name: "job detail", path: `/api/v1/jobs/${d.jobId}` },
    { name: "suggest", path: `/api/v1/jobs/suggest?q=${encodeURIComponent(d.keyword.slice(0, 3))}` },
    { name: "GET /auth/me", path: "/api/v1/auth/me", headers: auth },
  ];
  if (d.busyJobId) {
    list.push({
      name: "applications of a job (1 000)",
      path: `/api/v1/jobs/${d.busyJobId}/applications?limit=20`,
      headers: auth,
    });
  }
  list.push({
    name: "login (PBKDF2, reported separately)",
    path: "/api/v1/auth/login",
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: loginBody(0),
    kind: "login",
  });
  return list;
}

/**
 * The mixed workload (issue #21): 64 connections for a minute (`--mixed-duration`,
 * `--mixed-connections`), each cycling through searches, details, a login, the
 * caller's notifications and applications and an employer's application list,
 * reported as one throughput with p50/p99 and errors (which must be 0).
 */
async function mixed(d, tokens) {
  const seeker = { Authorization: `Bearer ${tokens.seeker}` };
  const employer = { Authorization: `Bearer ${tokens.employer}` };
  const q = encodeURIComponent(d.keyword);
  const get = (path, headers = {}) => ({ method: "GET", path, headers });
  const requests = [
    get(`/api/v1/jobs?q=${q}&limit=20`),
    get(`/api/v1/jobs/${d.jobId}`),
    get("/api/v1/jobs?limit=20&remote=true"),
    get(`/api/v1/jobs?q=${q}&job_type=full_time&facets=job_type&limit=20`),
    get("/api/v1/notifications?limit=20", seeker),
    get(`/api/v1/jobs/${d.jobId}`),
    get("/api/v1/applications?limit=20", seeker),
    get("/api/v1/auth/me", seeker),
    ...(d.busyJobId ? [get(`/api/v1/jobs/${d.busyJobId}/applications?limit=20`, employer)] : []),
    {
      method: "POST",
      path: "/api/v1/auth/login",
      headers: { "Content-Type": "application/json" },
      setupRequest: loginRequest,
    },
  ];
  const result = await autocannon({
    url: base,
    connections: Number(args["mixed-connections"] ?? 64),
    duration: Number(args["mixed-duration"] ?? 60),
    requests,
  });
  return {
    connections: Number(args["mixed-connections"] ?? 64),
    duration_s: Number(args["mixed-duration"] ?? 60),
    requests_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total_requests: result.requests.total,
    mix: requests.map((r) => `${r.method} ${r.path.split("?")[0]}`),
  };
}

function bundleStats() {
  // The same build and measurement CI uses for its bundle budget.
  const size = spawnSync(bin("node"), [join(root, "scripts", "bundle-size.mjs"), "--json"], {
    cwd: root,
    encoding: "utf8",
    env: childEnv,
  });
  const figures = JSON.parse(size.stdout.trim().split("\n").pop() ?? "{}");
  const profile = join(root, "bench", ".build", "startup.cpuprofile");
  mkdirSync(dirname(profile), { recursive: true });
  const startup = spawnSync(bin("wrangler"), ["check", "startup", "--outfile", profile], {
    cwd: root,
    encoding: "utf8",
    env: childEnv,
  });
  const active = /Active:\s*([\d.]+)\s*ms/.exec(`${startup.stdout}${startup.stderr}`)?.[1];
  return {
    bundle_raw_kib: figures.raw_kib,
    bundle_gzip_kib: figures.gzip_kib,
    main_module_gzip_kib: figures.main_gzip_kib,
    startup_cpu_ms: active ? Number(active) : null,
  };
}

async function benchSize(jobs, full) {
  const dir = ensureDatabase(jobs);
  const child = await startWorker(dir);
  try {
    const tokens = { employer: await login("employer@jobboard.test", "Employer-Password-2026") };
    const d = await discover(tokens.employer);
    let list = endpoints(d, tokens);
    if (!full)
      list = list.filter(
        (e) => e.name.startsWith("GET /health") || e.name.startsWith("job list") || e.name === "keyword search",
      );
    // The first request of each endpoint shows its uncached D1 cost; the second,
    // after response caches are warm, what most requests under load cost.
    const cold = [];
    for (const e of list) cold.push(await d1Cost(e));
    const rows = [];
    for (const [i, e] of list.entries()) {
      const cost = await d1Cost(e);
      const measured = await load(e, e.kind === "login" ? Math.min(duration, 5) : duration);
      rows.push({
        endpoint: e.name,
        path: e.path,
        ...measured,
        d1_queries: cost.queries,
        d1_rows_read: cost.rows_read,
        cold_d1_queries: cold[i].queries,
        cold_d1_rows_read: cold[i].rows_read,
      });
      console.log(`${e.name}: ${measured.requests_per_s} req/s, p99 ${measured.p99_ms} ms, errors ${measured.errors}`);
    }
    const baseline = rows[0].requests_per_s || 1;
    for (const r of rows) r.vs_health = +(r.requests_per_s / baseline).toFixed(2);
    let mixedResult;
    if (full && !args["no-mixed"]) {
      tokens.seeker = await login("bench-seeker-1@bench.test", BENCH_PASSWORD);
      mixedResult = await mixed(d, tokens);
      console.log(
        `mixed: ${mixedResult.requests_per_s} req/s, p50 ${mixedResult.p50_ms} ms, p99 ${mixedResult.p99_ms} ms, errors ${mixedResult.errors}`,
      );
    }
    return { jobs, rows, mixed: mixedResult };
  } finally {
    stopWorker(child);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function markdown(results) {
  const lines = [];
  for (const size of results.sizes) {
    lines.push(
      `#### ${size.jobs.toLocaleString("en")} jobs (concurrency ${connections}, ${duration} s per endpoint)`,
      "",
    );
    lines.push(
      "| endpoint | req/s | vs /health | p50 ms | p90 ms | p99 ms | errors | D1 queries (cold / warm) | rows read (cold / warm) |",
    );
    lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of size.rows) {
      lines.push(
        `| ${r.endpoint} | ${r.requests_per_s} | ${r.vs_health} | ${r.p50_ms} | ${r.p90_ms} | ${r.p99_ms} | ${r.errors} | ${r.cold_d1_queries} / ${r.d1_queries} | ${r.cold_d1_rows_read} / ${r.d1_rows_read} |`,
      );
    }
    lines.push("");
    if (size.mixed) {
      const m = size.mixed;
      lines.push(
        `Mixed workload (${m.connections} connections, ${m.duration_s} s; ${m.mix.join(", ")}): ` +
          `${m.requests_per_s} req/s, p50 ${m.p50_ms} ms, p99 ${m.p99_ms} ms, errors ${m.errors} of ${m.total_requests}.`,
        "",
      );
    }
  }
  if (results.bundle) {
    const b = results.bundle;
    lines.push(
      `Bundle: ${b.bundle_raw_kib} KiB raw, ${b.bundle_gzip_kib} KiB gzip (main module ${b.main_module_gzip_kib ?? "n/a"} KiB gzip); startup CPU ${b.startup_cpu_ms ?? "n/a"} ms.`,
      "",
    );
  }
  return lines.join("\n");
}

if (args.relevance) {
  // The labelled relevance set (bench/relevance.mjs): hit@1 / hit@3 / MRR per variant class.
  run(bin("node"), [join(root, "bench", "relevance.mjs")]);
  process.exit(0);
}

if (args["search-engine"]) {
  // Engine-level search cost (bench/search-engine.mjs): median SQL time and rows read per query class.
  const pass = ["jobs", "runs"].flatMap((k) => (args[k] ? [`--${k}`, String(args[k])] : []));
  run(bin("node"), [join(root, "bench", "search-engine.mjs"), ...pass]);
  process.exit(0);
}

if (args.ingest) {
  // The labelled near-duplicate set of bench/ingest-world.mjs through the real normaliser and fingerprint.
  const pass = ["dedup-jobs", "seed", "jobs", "postings"].flatMap((k) => (args[k] ? [`--${k}`, String(args[k])] : []));
  run(bin("node"), [join(root, "bench", "ingest.mjs"), ...pass, ...(args["no-run"] ? ["--no-run"] : [])]);
  process.exit(0);
}

if (args.recommend) {
  // The seeded world of bench/recommend-world.mjs: hit-rate/recall/nDCG@10, coverage, diversity with intervals.
  const pass = ["jobs", "seekers", "seed"].flatMap((k) => (args[k] ? [`--${k}`, String(args[k])] : []));
  run(bin("node"), [join(root, "bench", "recommend.mjs"), ...pass]);
  process.exit(0);
}

if (args.buildOnly || args["build-only"]) {
  for (const jobs of sizes) ensureDatabase(jobs);
  process.exit(0);
}

const results = {
  date: new Date().toISOString(),
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  sizes: [],
};
for (const jobs of sizes) {
  results.sizes.push(await benchSize(jobs, !args.scaling || jobs === 100_000));
}
results.bundle = bundleStats();
const outDir = join(root, "bench", "results");
mkdirSync(outDir, { recursive: true });
const stamp = results.date.slice(0, 10);
writeFileSync(join(outDir, `${stamp}${args.scaling ? "-scaling" : ""}.json`), `${JSON.stringify(results, null, 2)}\n`);
const md = markdown(results);
writeFileSync(join(outDir, `${stamp}${args.scaling ? "-scaling" : ""}.md`), `${md}\n`);
console.log(`\n${md}`);
