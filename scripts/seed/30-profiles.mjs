/**
 * Demo data for the profiles area, a plugin of scripts/seed.mjs:
 * `export async function seed(ctx)` with ctx.sql(statements[]), ctx.quote(v), ctx.newId().
 *
 * Fills the profile of seeker@jobboard.test (headline, bio, experience,
 * education, certification, portfolio, skills from the taxonomy, public
 * visibility) with a parsed TXT resume, and the profile of employer@jobboard.test.
 * Users are found by email inside the SQL, so a missing user just seeds nothing.
 * Re-running replaces the same rows (fixed ids, deletes first).
 *
 * The skills taxonomy itself is not seeded here: the migration
 * `*_skills_taxonomy.sql` puts it into every database, local or production.
 *
 * The resume file goes to R2 through `ctx.r2Put(key, bytes, contentType)` when
 * the seed runner offers it, otherwise through `wrangler r2 object put --local`
 * (honouring ctx.persistTo when set).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const SEEKER = "seeker@jobboard.test";
const EMPLOYER = "employer@jobboard.test";
const RESUME_ID = "0190d000-0000-7000-8000-00000000c0de";
const RESUME_KEY = `resumes/seed/${RESUME_ID}`;

const RESUME_TEXT = `Sam Seeker
Senior Backend Engineer · Lisbon, Portugal · open to remote

SUMMARY
Backend engineer with 8 years of experience building APIs and data pipelines.

EXPERIENCE
Northwind Logistics — Senior Backend Engineer (2021 – present)
- Designed REST APIs in TypeScript on Node.js and Cloudflare Workers.
- Moved reporting from MySQL to PostgreSQL; cut query times by 70%.
- Ran services on Kubernetes with Terraform, GitHub Actions and Grafana.

Contoso Retail — Software Engineer (2017 – 2021)
- Built order processing in Python and Django with Redis and RabbitMQ.
- Introduced test-driven development and code review practices.

EDUCATION
BSc Computer Science, University of Porto (2013 – 2017)

CERTIFICATIONS
Certified Kubernetes Administrator (CNCF, 2023)

SKILLS
TypeScript, Node.js, Python, PostgreSQL, Kubernetes, Docker, Terraform, AWS, Agile, Communication
`;

const EXTRACTED_SKILLS = [
  "TypeScript",
  "Node.js",
  "Python",
  "PostgreSQL",
  "Kubernetes",
  "Terraform",
  "REST APIs",
  "Cloudflare Workers",
  "MySQL",
  "GitHub Actions",
  "Grafana",
  "Django",
  "Redis",
  "RabbitMQ",
  "Test-driven development",
  "Code Review",
  "Docker",
  "Amazon Web Services",
  "Agile",
  "Communication",
];

const PROFILE_SKILLS = [
  ["typescript", "expert", 7],
  ["node.js", "expert", 7],
  ["postgresql", "advanced", 6],
  ["python", "advanced", 5],
  ["kubernetes", "intermediate", 3],
  ["terraform", "intermediate", 3],
  ["docker", "advanced", 6],
  ["communication", null, null],
];

export async function seed(ctx) {
  const q = ctx.quote;
  const now = Date.now();
  const user = (email) => `(SELECT id FROM users WHERE email = ${q(email)})`;
  const seeker = user(SEEKER);
  const statements = [];

  // Start from a clean slate for the demo seeker so re-runs do not duplicate.
  for (const table of ["experience", "education", "certifications", "portfolio_items", "profile_skills"]) {
    statements.push(`DELETE FROM ${table} WHERE user_id = ${seeker};`);
  }
  statements.push(`DELETE FROM resumes WHERE id = ${q(RESUME_ID)};`);

  statements.push(`INSERT INTO seeker_profiles (user_id, headline, bio, location, phone, website, linkedin_url, github_url,
      years_experience, desired_job_types, desired_locations, open_to_remote, salary_min, salary_max, salary_currency,
      salary_period, is_available, visibility, show_email, show_phone, created_at, updated_at)
    SELECT id, 'Senior Backend Engineer · TypeScript, PostgreSQL, Kubernetes',
      'I build reliable APIs and data pipelines, and I like making slow things fast.',
      'Lisbon, Portugal', '+351 21 000 0000', 'https://sam.example.dev', 'https://www.linkedin.com/in/sam-seeker',
      'https://github.com/sam-seeker', 8, '["full_time","contract"]', '["Lisbon","Remote"]', 1, 65000, 85000, 'EUR',
      'year', 1, 'public', 0, 0, ${now}, ${now}
    FROM users WHERE email = ${q(SEEKER)}
    ON CONFLICT(user_id) DO UPDATE SET headline = excluded.headline, bio = excluded.bio, location = excluded.location,
      visibility = excluded.visibility, updated_at = excluded.updated_at;`);

  const section = (table, columns, values) =>
    `INSERT INTO ${table} (id, user_id, ${columns.join(", ")}, created_at, updated_at)
      SELECT ${q(ctx.newId())}, id, ${values.map(q).join(", ")}, ${now}, ${now} FROM users WHERE email = ${q(SEEKER)};`;
  const expCols = ["company_name", "title", "location", "start_date", "end_date", "is_current", "description"];
  statements.push(
    section("experience", expCols, [
      "Northwind Logistics",
      "Senior Backend Engineer",
      "Lisbon",
      "2021-03",
      null,
      1,
      "REST APIs on Node.js and Cloudflare Workers; PostgreSQL; Kubernetes.",
    ]),
    section("experience", expCols, [
      "Contoso Retail",
      "Software Engineer",
      "Porto",
      "2017-09",
      "2021-02",
      0,
      "Order processing in Python and Django.",
    ]),
    section(
      "education",
      ["institution", "degree", "field_of_study", "start_date", "end_date", "grade"],
      ["University of Porto", "BSc", "Computer Science", "2013", "2017", "16/20"],
    ),
    section(
      "certifications",
      ["name", "issuer", "issued_on", "expires_on", "credential_url"],
      ["Certified Kubernetes Administrator", "CNCF", "2023-05", "2026-05", "https://www.cncf.io/certification/cka/"],
    ),
    section(
      "portfolio_items",
      ["title", "description", "url", "technologies"],
      [
        "pg-slowlog",
        "Finds the slowest queries in PostgreSQL logs.",
        "https://github.com/sam-seeker/pg-slowlog",
        '["Go","PostgreSQL"]',
      ],
    ),
  );
  PROFILE_SKILLS.forEach(([slug, level, years], position) => {
    statements.push(`INSERT OR IGNORE INTO profile_skills (user_id, slug, skill_id, name, level, years, position)
      SELECT u.id, s.slug, s.id, s.name, ${q(level)}, ${years ?? "NULL"}, ${position}
      FROM users u JOIN skills s ON s.slug = ${q(slug)} WHERE u.email = ${q(SEEKER)};`);
  });

  const bytes = new TextEncoder().encode(RESUME_TEXT);
  statements.push(`INSERT INTO resumes (id, user_id, title, filename, content_type, size, r2_key, is_primary, parse_status,
      extracted_text, extracted_skills, parsed_at, created_at, updated_at)
    SELECT ${q(RESUME_ID)}, id, 'Backend resume', 'sam-seeker-resume.txt', 'text/plain; charset=utf-8', ${bytes.length},
      ${q(RESUME_KEY)}, 1, 'done', ${q(RESUME_TEXT)}, ${q(JSON.stringify(EXTRACTED_SKILLS))}, ${now}, ${now}, ${now}
    FROM users WHERE email = ${q(SEEKER)}
      AND NOT EXISTS (SELECT 1 FROM resumes r JOIN users u ON u.id = r.user_id WHERE u.email = ${q(SEEKER)} AND r.is_primary = 1);`);

  statements.push(`INSERT INTO employer_profiles (user_id, position_title, phone, linkedin_url, show_email, show_phone, created_at, updated_at)
    SELECT id, 'Head of Talent', '+44 20 7946 0958', 'https://www.linkedin.com/in/erin-employer', 1, 0, ${now}, ${now}
    FROM users WHERE email = ${q(EMPLOYER)}
    ON CONFLICT(user_id) DO UPDATE SET position_title = excluded.position_title, updated_at = excluded.updated_at;`);

  // Autocomplete ranks by usage: bring the counters in line with the seeded profiles and jobs.
  statements.push(`WITH counts AS (
      SELECT s.id, (SELECT COUNT(*) FROM profile_skills p WHERE p.slug = s.slug)
        + (SELECT COUNT(*) FROM job_skills j WHERE j.skill = s.slug) AS n FROM skills s)
    UPDATE skills SET popularity = counts.n FROM counts WHERE counts.id = skills.id AND skills.popularity != counts.n;`);

  await ctx.sql(statements);
  await putResumeFile(ctx, bytes);
}

async function putResumeFile(ctx, bytes) {
  const contentType = "text/plain; charset=utf-8";
  if (typeof ctx.r2Put === "function") {
    await ctx.r2Put(RESUME_KEY, bytes, contentType);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "seed-resume-"));
  try {
    const file = join(dir, "resume.txt");
    writeFileSync(file, bytes);
    const args = ["r2", "object", "put", `jobboard-files/${RESUME_KEY}`, "--file", file];
    args.push("--content-type", contentType, "--local");
    if (ctx.persistTo) args.push("--persist-to", ctx.persistTo);
    // The project's own wrangler, directly (npx adds seconds of resolution), on the Node 22 of node_modules/.bin.
    const bin = join(root, "node_modules", ".bin");
    execFileSync(join(bin, process.platform === "win32" ? "wrangler.cmd" : "wrangler"), args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, WRANGLER_SEND_METRICS: "false" },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
