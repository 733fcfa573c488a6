/**
 * Demo and benchmark data: N realistic jobs (`npm run seed -- --jobs 100000`,
 * default 60) across companies, a category tree, cities with coordinates,
 * salaries in several periods and currencies, and skills.
 *
 * Plugin API (scripts/seed.mjs): `seed(ctx)` with ctx.sql(statements[]),
 * ctx.quote(value), ctx.newId(), ctx.args. Plain JavaScript with no imports, so
 * tests can run it against the test database at small N.
 *
 * Speed: multi-row INSERTs (ROWS_PER_INSERT rows each, literal values, no bound
 * parameters) sent in chunks of STATEMENTS_PER_CALL statements. The search index,
 * suggestions and company counters are filled by the database triggers.
 * Companies and categories are created with ON CONFLICT(slug) DO NOTHING and
 * referenced by slug, so rows from other seed files are reused.
 */

const ROWS_PER_INSERT = 40;
const STATEMENTS_PER_CALL = 50;
const DAY = 86_400_000;

const CATEGORY_TREE = [
  ["engineering", "Engineering", null],
  ["backend", "Backend", "engineering"],
  ["frontend", "Frontend", "engineering"],
  ["data", "Data", "engineering"],
  ["devops", "DevOps & Infrastructure", "engineering"],
  ["mobile", "Mobile", "engineering"],
  ["design", "Design", null],
  ["product", "Product", null],
  ["sales", "Sales", null],
  ["marketing", "Marketing", null],
  ["customer-support", "Customer Support", null],
  ["finance", "Finance", null],
  ["people", "People & HR", null],
];

/** Title stems per category, with the skills that usually come with them. */
const ROLES = {
  backend: [
    ["Backend Engineer", ["Go", "PostgreSQL", "Kubernetes", "gRPC"]],
    ["Python Developer", ["Python", "Django", "PostgreSQL", "Redis"]],
    ["Java Engineer", ["Java", "Spring", "Kafka", "SQL"]],
    ["Node.js Developer", ["Node.js", "TypeScript", "MongoDB", "AWS"]],
    ["Rust Engineer", ["Rust", "Tokio", "Linux", "SQL"]],
  ],
  frontend: [
    ["Frontend Engineer", ["TypeScript", "React", "CSS", "GraphQL"]],
    ["Vue.js Developer", ["Vue.js", "JavaScript", "Vite", "CSS"]],
    ["UI Engineer", ["React", "Accessibility", "Storybook", "CSS"]],
  ],
  data: [
    ["Data Engineer", ["Python", "Spark", "Airflow", "SQL"]],
    ["Data Scientist", ["Python", "Pandas", "Machine Learning", "Statistics"]],
    ["Analytics Engineer", ["dbt", "SQL", "Looker", "Snowflake"]],
    ["Machine Learning Engineer", ["PyTorch", "Python", "MLOps", "Kubernetes"]],
  ],
  devops: [
    ["DevOps Engineer", ["Terraform", "Kubernetes", "AWS", "CI/CD"]],
    ["Site Reliability Engineer", ["Kubernetes", "Prometheus", "Go", "Linux"]],
    ["Cloud Architect", ["AWS", "Azure", "Terraform", "Networking"]],
  ],
  mobile: [
    ["iOS Developer", ["Swift", "SwiftUI", "Xcode", "REST"]],
    ["Android Developer", ["Kotlin", "Jetpack Compose", "Android", "REST"]],
    ["React Native Developer", ["React Native", "TypeScript", "iOS", "Android"]],
  ],
  design: [
    ["Product Designer", ["Figma", "Prototyping", "User Research", "Design Systems"]],
    ["UX Researcher", ["User Research", "Usability Testing", "Figma", "Surveys"]],
  ],
  product: [
    ["Product Manager", ["Roadmapping", "Analytics", "Agile", "SQL"]],
    ["Technical Product Manager", ["APIs", "Agile", "SQL", "Jira"]],
  ],
  sales: [
    ["Account Executive", ["Salesforce", "Negotiation", "B2B Sales", "CRM"]],
    ["Sales Development Representative", ["Cold Calling", "HubSpot", "CRM", "Prospecting"]],
  ],
  marketing: [
    ["Content Marketing Manager", ["SEO", "Copywriting", "Analytics", "HubSpot"]],
    ["Performance Marketer", ["Google Ads", "Analytics", "SQL", "A/B Testing"]],
  ],
  "customer-support": [
    ["Customer Success Manager", ["Zendesk", "CRM", "Onboarding", "SaaS"]],
    ["Support Engineer", ["Linux", "SQL", "Zendesk", "APIs"]],
  ],
  finance: [
    ["Financial Analyst", ["Excel", "Financial Modeling", "SQL", "Forecasting"]],
    ["Accountant", ["Accounting", "IFRS", "Excel", "DATEV"]],
  ],
  people: [
    ["Technical Recruiter", ["Sourcing", "LinkedIn Recruiter", "ATS", "Interviewing"]],
    ["People Partner", ["Employee Relations", "HR Policies", "Coaching", "HRIS"]],
  ],
};

const CITIES = [
  ["Berlin", "Berlin", "Germany", 52.52, 13.405, "EUR"],
  ["Munich", "Bavaria", "Germany", 48.137, 11.575, "EUR"],
  ["Hamburg", "Hamburg", "Germany", 53.551, 9.993, "EUR"],
  ["Amsterdam", "North Holland", "Netherlands", 52.368, 4.904, "EUR"],
  ["Paris", "Île-de-France", "France", 48.857, 2.352, "EUR"],
  ["Madrid", "Madrid", "Spain", 40.417, -3.704, "EUR"],
  ["Lisbon", "Lisbon", "Portugal", 38.722, -9.139, "EUR"],
  ["London", "England", "United Kingdom", 51.507, -0.128, "GBP"],
  ["Manchester", "England", "United Kingdom", 53.481, -2.243, "GBP"],
  ["Dublin", "Leinster", "Ireland", 53.35, -6.26, "EUR"],
  ["Stockholm", "Stockholm", "Sweden", 59.329, 18.069, "SEK"],
  ["Zürich", "Zürich", "Switzerland", 47.377, 8.541, "CHF"],
  ["Warsaw", "Masovia", "Poland", 52.23, 21.012, "PLN"],
  ["New York", "New York", "United States", 40.713, -74.006, "USD"],
  ["San Francisco", "California", "United States", 37.775, -122.419, "USD"],
  ["Austin", "Texas", "United States", 30.267, -97.743, "USD"],
  ["Toronto", "Ontario", "Canada", 43.653, -79.383, "CAD"],
  ["Sydney", "New South Wales", "Australia", -33.869, 151.209, "AUD"],
  ["Singapore", "Singapore", "Singapore", 1.352, 103.82, "SGD"],
  ["Bangalore", "Karnataka", "India", 12.972, 77.595, "INR"],
];

const ADJECTIVES = [
  "Blue",
  "Bright",
  "Clever",
  "Deep",
  "Swift",
  "Green",
  "Quantum",
  "Silver",
  "Bold",
  "Open",
  "Northern",
  "Red",
  "Solid",
  "Urban",
  "Lucid",
  "Nimble",
  "Atlas",
  "Polar",
  "Prime",
  "Vivid",
];
const NOUNS = [
  "Labs",
  "Systems",
  "Works",
  "Analytics",
  "Cloud",
  "Health",
  "Bank",
  "Logistics",
  "Energy",
  "Robotics",
  "Studio",
  "Media",
  "Foods",
  "Mobility",
  "Security",
  "Networks",
  "Games",
  "Learning",
  "Retail",
  "Capital",
];
const SENIORITY = [
  ["entry", "Junior "],
  ["mid", ""],
  ["senior", "Senior "],
  ["lead", "Lead "],
  ["executive", "Head of "],
];
const TYPES = [
  "full_time",
  "full_time",
  "full_time",
  "full_time",
  "part_time",
  "contract",
  "freelance",
  "internship",
  "temporary",
];
const PERKS = [
  "flexible hours",
  "a yearly learning budget",
  "30 days of paid leave",
  "a home-office allowance",
  "equity",
  "a public transport pass",
  "parental leave beyond the legal minimum",
  "team offsites twice a year",
];

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function argNumber(args, name, fallback) {
  const raw = args?.[name];
  const n = typeof raw === "number" ? raw : Number.parseInt(String(raw ?? ""), 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function slugify(text) {
  return (
    foldKey(text)
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "job"
  );
}

const YEARLY = { hour: 2080, day: 260, week: 52, month: 12, year: 1 };

/** Builds all SQL statements (exported for tests, which execute them directly). */
/**
 * The same folding as src/lib/fold.ts (the Worker's foldText), for the jobs'
 * location and title keys (and, imported, 10-users and 60-bench for name
 * keys); test/text-folding.test.ts checks the two agree.
 */
const FOLD_LETTERS = {
  ł: "l",
  ø: "o",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
  ŀ: "l",
};
export function foldKey(text) {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[łøßæœđðþıħŧŀ]/g, (ch) => FOLD_LETTERS[ch] ?? ch);
}

export function buildStatements(ctx, options = {}) {
  const q = ctx.quote;
  const total = options.jobs ?? argNumber(ctx.args, "jobs", 60);
  const companyCount =
    options.companies ?? argNumber(ctx.args, "companies", Math.max(12, Math.min(500, Math.ceil(total / 200))));
  const rand = rng(options.seed ?? argNumber(ctx.args, "seed", 42));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const now = options.now ?? Date.now();
  // Jobs 0..existing-1 are already in the database (a previous run): they are
  // still generated, so the random sequence stays the same, but not inserted.
  const existing = options.existing ?? 0;
  const statements = [];

  // Categories (parents first so children can reference them by slug).
  for (const [slug, name, parent] of CATEGORY_TREE) {
    statements.push(
      `INSERT INTO categories (id, parent_id, name, slug, position, created_at, updated_at) VALUES (${q(ctx.newId())}, ${parent ? `(SELECT id FROM categories WHERE slug = ${q(parent)})` : "NULL"}, ${q(name)}, ${q(slug)}, 0, ${now}, ${now}) ON CONFLICT(slug) DO NOTHING`,
    );
  }

  // Companies.
  const companies = [];
  const companyRows = [];
  for (let i = 0; i < companyCount; i++) {
    const name = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]}${i >= ADJECTIVES.length * NOUNS.length ? ` ${i}` : ""}`;
    const slug = `seed-${slugify(name)}`;
    const hq = pick(CITIES);
    companies.push({ slug, hq });
    companyRows.push(
      `(${q(ctx.newId())}, ${q(slug)}, ${q(name)}, ${q(`${name} builds software people enjoy using.`)}, ${q(`https://${slug}.example.com`)}, ${q(pick(["Software", "Fintech", "Healthcare", "E-commerce", "Logistics", "Media"]))}, ${q(pick(["11-50", "51-200", "201-500", "501-1000", "1000+"]))}, ${q(`${hq[0]}, ${hq[2]}`)}, ${rand() < 0.85 ? 1 : 0}, ${now}, ${now})`,
    );
  }
  for (let i = 0; i < companyRows.length; i += ROWS_PER_INSERT) {
    statements.push(
      `INSERT INTO companies (id, slug, name, description, website, industry, size, headquarters, is_verified, created_at, updated_at) VALUES ${companyRows.slice(i, i + ROWS_PER_INSERT).join(", ")} ON CONFLICT(slug) DO NOTHING`,
    );
  }

  // Jobs and their skills.
  const categorySlugs = Object.keys(ROLES);
  let jobRows = [];
  let skillRows = [];
  const flush = () => {
    if (jobRows.length) {
      statements.push(
        `INSERT INTO jobs (id, company_id, category_id, title, title_key, slug, description, requirements, responsibilities, benefits, city, region, country, city_key, region_key, country_key, lat, lng, is_remote, job_type, experience_level, salary_min, salary_max, salary_currency, salary_period, salary_min_yearly, salary_max_yearly, skills, status, is_featured, publish_at, published_at, expires_at, closed_at, approved_at, view_count, application_count, created_at, updated_at) VALUES ${jobRows.join(", ")}`,
      );
    }
    if (skillRows.length) {
      statements.push(`INSERT OR IGNORE INTO job_skills (job_id, skill, required) VALUES ${skillRows.join(", ")}`);
    }
    jobRows = [];
    skillRows = [];
  };
  for (let i = 0; i < total; i++) {
    const company = pick(companies);
    const categorySlug = pick(categorySlugs);
    const [role, roleSkills] = pick(ROLES[categorySlug]);
    const [level, prefix] = pick(SENIORITY);
    const title = `${prefix}${role}`;
    const remoteOnly = rand() < 0.15;
    const city = remoteOnly ? null : rand() < 0.6 ? company.hq : pick(CITIES);
    const jobType = pick(TYPES);
    const period =
      jobType === "freelance" || jobType === "contract"
        ? pick(["hour", "day"])
        : jobType === "internship"
          ? "month"
          : pick(["year", "year", "year", "month"]);
    const base =
      { entry: 38000, mid: 55000, senior: 75000, lead: 95000, executive: 130000 }[level] * (0.8 + rand() * 0.6);
    const hasSalary = rand() < 0.8;
    const min = hasSalary
      ? Math.round(base / YEARLY[period] / (period === "year" ? 1000 : 1)) * (period === "year" ? 1000 : 1)
      : null;
    const max = hasSalary && rand() < 0.8 ? Math.round(min * (1.15 + rand() * 0.3)) : null;
    const currency = hasSalary ? (city ? city[5] : "USD") : null;
    const skills = roleSkills.filter(() => rand() < 0.8).map((name, k) => ({ name, required: k < 2 }));
    const roll = rand();
    const status = roll < 0.85 ? "published" : roll < 0.9 ? "draft" : roll < 0.95 ? "closed" : "expired";
    const age = status === "expired" ? 31 + Math.floor(rand() * 60) : Math.floor(rand() * 29);
    const createdAt = now - age * DAY - Math.floor(rand() * DAY) - 3600_000;
    const publishedAt = status === "draft" ? null : createdAt + 3600_000;
    const expiresAt = publishedAt ? publishedAt + 30 * DAY : null;
    const id = ctx.newId(createdAt);
    const perks = [pick(PERKS), pick(PERKS), pick(PERKS)];
    const where = city ? `our ${city[0]} office` : "anywhere in a remote-first team";
    const description = `## About the role\n\n${company.slug.replace(/^seed-/, "").replace(/-/g, " ")} is hiring a **${title}** to join ${where}. You will work with ${skills.map((s) => s.name).join(", ") || "a modern stack"} and ship features that thousands of customers rely on.\n\nWe value clear writing, kind reviews and sustainable pace.`;
    const requirements = skills.map((s) => `- ${s.required ? "" : "Nice to have: "}${s.name}`).join("\n");
    if (i < existing) continue;
    jobRows.push(
      `(${q(id)}, (SELECT id FROM companies WHERE slug = ${q(company.slug)}), (SELECT id FROM categories WHERE slug = ${q(categorySlug)}), ${q(title)}, ${q(foldKey(title))}, ${q(slugify(title))}, ${q(description)}, ${q(requirements)}, ${q("- Own features end to end\n- Improve our tooling\n- Mentor teammates")}, ${q(`We offer ${perks.join(", ")}.`)}, ${city ? `${q(city[0])}, ${q(city[1])}, ${q(city[2])}, ${q(foldKey(city[0]))}, ${q(foldKey(city[1]))}, ${q(foldKey(city[2]))}, ${city[3] + (rand() - 0.5) * 0.1}, ${city[4] + (rand() - 0.5) * 0.1}` : "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"}, ${remoteOnly || rand() < 0.2 ? 1 : 0}, ${q(jobType)}, ${q(level)}, ${min ?? "NULL"}, ${max ?? "NULL"}, ${currency ? q(currency) : "NULL"}, ${hasSalary ? q(period) : "NULL"}, ${min !== null ? Math.round(min * YEARLY[period]) : "NULL"}, ${max !== null ? Math.round(max * YEARLY[period]) : "NULL"}, ${q(JSON.stringify(skills))}, ${q(status)}, ${rand() < 0.05 ? 1 : 0}, NULL, ${publishedAt ?? "NULL"}, ${expiresAt ?? "NULL"}, ${status === "closed" ? now - DAY : "NULL"}, ${publishedAt ?? "NULL"}, ${Math.floor(rand() * 500)}, 0, ${createdAt}, ${createdAt})`,
    );
    for (const s of skills) skillRows.push(`(${q(id)}, ${q(s.name.toLowerCase())}, ${s.required ? 1 : 0})`);
    if (jobRows.length >= ROWS_PER_INSERT) flush();
  }
  flush();
  // The full-text index as the search.index.merge cron task keeps it (one segment),
  // not as many small segments as there were insert statements.
  statements.push("INSERT INTO jobs_fts(jobs_fts) VALUES ('optimize')");
  return statements;
}

/** How many jobs earlier runs generated: the jobs of the generated (`seed-*`) companies. */
export const SEEDED_JOBS_SQL =
  "SELECT count(*) AS n FROM jobs WHERE company_id IN (SELECT id FROM companies WHERE slug LIKE 'seed-%')";

export async function seed(ctx) {
  // Idempotent: a rerun tops up to --jobs and never inserts a job twice.
  const [row] = await ctx.query(SEEDED_JOBS_SQL);
  const existing = Number(row?.n ?? 0);
  const statements = buildStatements(ctx, { existing });
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_CALL) {
    await ctx.sql(statements.slice(i, i + STATEMENTS_PER_CALL));
  }
  const jobs = argNumber(ctx.args, "jobs", 60);
  return { jobs };
}
