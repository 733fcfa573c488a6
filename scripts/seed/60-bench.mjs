/**
 * Benchmark-only data (runs only with `--bench`, which `npm run bench` passes):
 * seekers and applications in proportion to the jobs, and one job of the demo
 * employer with exactly 1 000 applications, the case the harness measures.
 * Idempotent: a second run finds its marker user and does nothing.
 */
import { foldKey } from "./40-jobs.mjs";

const BUSY_JOB_APPLICATIONS = 1000;
export const BENCH_PASSWORD = "Bench-Seeker-Password-2026";
const ROWS_PER_INSERT = 200;

export async function seed(ctx) {
  if (!ctx.args.bench) return;
  const jobsTotal = Number(ctx.args.jobs ?? 0);
  const seekers = Math.max(BUSY_JOB_APPLICATIONS, Math.round(jobsTotal / 20));
  const marker = `bench-seeker-${seekers - 1}@bench.test`;
  const done = await ctx.query(`SELECT id FROM users WHERE email = ${ctx.quote(marker)}`);
  if (done.length) {
    ctx.log(`bench data already present (${seekers} seekers)`);
    return;
  }

  const [busy] = await ctx.query(
    `SELECT j.id, j.company_id FROM jobs j
       JOIN company_members m ON m.company_id = j.company_id
       JOIN users u ON u.id = m.user_id AND u.email = 'employer@jobboard.test'
      WHERE j.status = 'published' ORDER BY j.published_at DESC LIMIT 1`,
  );
  if (!busy) throw new Error("bench seed: the demo employer has no published job; run the jobs seed first");
  const others = await ctx.query(
    `SELECT id, company_id FROM jobs WHERE status = 'published' AND id <> ${ctx.quote(busy.id)} ORDER BY published_at DESC LIMIT 2000`,
  );

  const statuses = ["pending", "reviewing", "shortlisted", "interviewing", "offered", "rejected"];
  // One hash for every bench seeker: the login benchmark signs in as many of them
  // (per-account rate limits would refuse hammering a single account).
  const passwordHash = ctx.hashPassword(BENCH_PASSWORD);
  const userIds = [];
  const statements = [];
  let userRows = [];
  for (let i = 0; i < seekers; i++) {
    const id = ctx.newId(ctx.now - (seekers - i) * 1000);
    userIds.push(id);
    userRows.push(
      `(${[
        id,
        `bench-seeker-${i}@bench.test`,
        `bench_seeker_${i}`,
        passwordHash,
        "seeker",
        `Bench${i}`,
        "Seeker",
        foldKey(`Bench${i}`),
        foldKey("Seeker"),
        ctx.now,
        ctx.now,
        ctx.now,
      ]
        .map(ctx.quote)
        .join(", ")})`,
    );
    if (userRows.length === ROWS_PER_INSERT) {
      statements.push(insertUsers(userRows));
      userRows = [];
    }
  }
  if (userRows.length) statements.push(insertUsers(userRows));

  // The busy job: one application from each of the first 1 000 seekers.
  const applications = [];
  for (let i = 0; i < BUSY_JOB_APPLICATIONS; i++) {
    applications.push([busy.id, busy.company_id, userIds[i], statuses[i % statuses.length], i]);
  }
  // Everyone else applies to a few other jobs, so application tables have realistic size.
  for (let i = 0; i < userIds.length && others.length; i++) {
    for (let k = 0; k < 3; k++) {
      const job = others[(i * 7 + k * 13) % others.length];
      applications.push([job.id, job.company_id, userIds[i], statuses[(i + k) % statuses.length], i + k]);
    }
  }
  const seen = new Set();
  let appRows = [];
  for (const [jobId, companyId, applicantId, status, n] of applications) {
    const key = `${jobId}:${applicantId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = ctx.now - n * 60_000;
    appRows.push(
      `(${[ctx.newId(at), jobId, companyId, applicantId, status, at, at, at, "[]"].map(ctx.quote).join(", ")})`,
    );
    if (appRows.length === ROWS_PER_INSERT) {
      statements.push(insertApplications(appRows));
      appRows = [];
    }
  }
  if (appRows.length) statements.push(insertApplications(appRows));
  statements.push(
    `UPDATE jobs SET application_count = (SELECT count(*) FROM applications a WHERE a.job_id = jobs.id)
      WHERE id IN (SELECT DISTINCT job_id FROM applications)`,
  );
  await ctx.sql(statements);
  ctx.log(`bench data: ${seekers} seekers, ${seen.size} applications (${BUSY_JOB_APPLICATIONS} on job ${busy.id})`);
}

function insertUsers(rows) {
  return `INSERT INTO users (id, email, username, password_hash, role, first_name, last_name, first_name_key, last_name_key, email_verified_at, created_at, updated_at)
VALUES ${rows.join(",\n")} ON CONFLICT DO NOTHING;`;
}

function insertApplications(rows) {
  return `INSERT INTO applications (id, job_id, company_id, applicant_id, status, status_changed_at, created_at, updated_at, answers)
VALUES ${rows.join(",\n")} ON CONFLICT DO NOTHING;`;
}
