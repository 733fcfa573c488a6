/**
 * A seeded world for the offline evaluation of recommendations (issue #22):
 * jobs in role families, seekers whose preferences are only partly written in
 * their profiles, and interaction histories drawn from those hidden
 * preferences; each seeker's last applications are held out.
 *
 * The hidden preferences (what the profile does not say):
 * - a primary role family and, for most seekers, a second one;
 * - where they will work: one city (the profile names it only sometimes),
 *   remote only (the profile says so only for half of them), or anywhere;
 * - a level (years of experience are shown for most);
 * - a *style* (one of three, e.g. start-up, scale-up, enterprise) that no job
 *   field states: seekers of one style engage with the same jobs, which only
 *   co-engagement can reveal;
 * - a job's appeal (some postings draw more seekers than others).
 * Profiles list 0–4 skills of the primary family and sometimes one of the second.
 *
 * Plain JavaScript with no imports, deterministic for a seed: the same `now`
 * and seed give the same ids, rows and held-out jobs. test/helpers/recommend-eval.ts
 * loads it into D1 for the CI floor test and for `npm run bench -- --recommend`.
 *
 * `buildRecommendWorld({ jobs, seekers, seed, now, quote })` returns
 * `{ statements, views, seekers, jobs, heldOut }`: `statements` insert everything
 * but views (they are stored under the viewer's salted daily hash, which the
 * loader computes), `views` are `{ userId, jobId, at }`.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const FAMILIES = [
  ["Backend", "Backend Engineer", ["Go", "PostgreSQL", "Kafka", "gRPC", "Java", "Redis", "Microservices", "SQL"]],
  [
    "Frontend",
    "Frontend Engineer",
    ["TypeScript", "React", "CSS", "GraphQL", "Vue", "Accessibility", "Webpack", "HTML"],
  ],
  ["Data", "Data Engineer", ["Python", "Spark", "Airflow", "SQL", "dbt", "Kafka", "Snowflake", "ETL"]],
  [
    "Machine Learning",
    "Machine Learning Engineer",
    ["Python", "PyTorch", "MLOps", "Statistics", "TensorFlow", "Pandas", "Kubernetes", "NLP"],
  ],
  ["DevOps", "DevOps Engineer", ["Terraform", "Kubernetes", "AWS", "Ansible", "Docker", "Prometheus", "Linux", "Go"]],
  ["Mobile", "Mobile Developer", ["Swift", "Kotlin", "iOS", "Android", "Firebase", "Flutter", "SwiftUI", "GraphQL"]],
  [
    "Design",
    "Product Designer",
    ["Figma", "Prototyping", "Design Systems", "User Research", "Typography", "Illustrator", "Accessibility", "CSS"],
  ],
  [
    "Product",
    "Product Manager",
    ["Roadmapping", "Analytics", "Agile", "Jira", "SQL", "Stakeholder Management", "A/B Testing", "User Research"],
  ],
  [
    "Marketing",
    "Marketing Manager",
    ["SEO", "Copywriting", "HubSpot", "Analytics", "Google Ads", "Content Strategy", "Social Media", "A/B Testing"],
  ],
  [
    "Sales",
    "Account Executive",
    ["Salesforce", "Negotiation", "CRM", "Prospecting", "Pipeline", "Outreach", "HubSpot", "Stakeholder Management"],
  ],
];

const TITLE_PREFIX = { entry: "Junior ", mid: "", senior: "Senior ", lead: "Lead " };
const CITIES = [
  ["Berlin", "DE"],
  ["Lisbon", "PT"],
  ["Amsterdam", "NL"],
  ["Warsaw", "PL"],
  ["Madrid", "ES"],
  ["Paris", "FR"],
];
const LEVELS = ["entry", "mid", "senior", "lead"];
const YEARS_FOR_LEVEL = { entry: [0, 1], mid: [2, 4], senior: [5, 8], lead: [9, 13] };
const COMPANY_WORDS = ["Nord", "Blue", "Kite", "Atlas", "Pine", "Ember", "Quartz", "Tidal", "Orbit", "Moss"];
const COMPANY_TAILS = ["Labs", "Works", "Systems", "Cloud", "Studio"];

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A UUIDv7-shaped id from a timestamp and the seeded generator (time-ordered, reproducible). */
function seededId(ts, rand) {
  const hex = Math.floor(ts).toString(16).padStart(12, "0");
  let tail = "";
  for (let i = 0; i < 20; i++) tail += Math.floor(rand() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${tail.slice(0, 3)}-${"89ab"[Math.floor(rand() * 4)]}${tail.slice(3, 6)}-${tail.slice(6, 18)}`;
}

function sample(rand, weights) {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

function shuffled(rand, xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const slugify = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** How much a seeker with these hidden preferences wants a job (0 for jobs they cannot apply to). */
export function utility(seeker, job) {
  const family =
    job.family === seeker.primary ? 1 - seeker.secondWeight : job.family === seeker.second ? seeker.secondWeight : 0.02;
  let place = 1;
  if (seeker.where === "city") place = job.city === seeker.city && !job.remote ? 1 : job.remote ? 0.45 : 0.04;
  else if (seeker.where === "remote") place = job.remote ? 1 : 0.02;
  const gap = Math.abs(LEVELS.indexOf(job.level) - LEVELS.indexOf(seeker.level));
  const level = gap === 0 ? 1 : gap === 1 ? 0.45 : 0.12;
  const style = job.style === seeker.style ? 1 : 0.22;
  return family * place * level * style * job.appeal;
}

export function buildRecommendWorld(options) {
  const { quote: q } = options;
  const jobCount = options.jobs ?? 400;
  const seekerCount = options.seekers ?? 280;
  const rand = rng(options.seed ?? 22);
  const now = options.now ?? Date.UTC(2026, 11, 1, 12);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const statements = [];
  const tag = `w${options.seed ?? 22}`;

  const categories = FAMILIES.map(([name], i) => ({
    id: seededId(now - 500 * DAY + i, rand),
    name,
    slug: `${tag}-${slugify(name)}`,
  }));
  statements.push(
    `INSERT INTO categories (id, name, slug, position, created_at, updated_at) VALUES ${categories
      .map((c, i) => `(${q(c.id)}, ${q(c.name)}, ${q(c.slug)}, ${i}, ${now - 500 * DAY}, ${now - 500 * DAY})`)
      .join(", ")}`,
  );

  const companyCount = Math.max(10, Math.round(jobCount / 10));
  const companies = [];
  for (let i = 0; i < companyCount; i++) {
    const name = `${COMPANY_WORDS[i % COMPANY_WORDS.length]}${COMPANY_TAILS[Math.floor(i / COMPANY_WORDS.length) % COMPANY_TAILS.length]}${i >= 50 ? i : ""}`;
    // Each company hires in two or three families and has one style.
    const families = shuffled(
      rand,
      FAMILIES.map((_, k) => k),
    ).slice(0, 2 + Math.floor(rand() * 2));
    companies.push({
      id: seededId(now - 400 * DAY + i, rand),
      name,
      slug: `${tag}-${slugify(name)}-${i}`,
      families,
      style: i % 3,
    });
  }
  statements.push(
    `INSERT INTO companies (id, slug, name, description, is_verified, created_at, updated_at) VALUES ${companies
      .map(
        (c) =>
          `(${q(c.id)}, ${q(c.slug)}, ${q(c.name)}, ${q(`${c.name} builds software.`)}, 1, ${now - 400 * DAY}, ${now - 400 * DAY})`,
      )
      .join(", ")}`,
  );

  const jobs = [];
  for (let i = 0; i < jobCount; i++) {
    const family = i % FAMILIES.length;
    const hiring = companies.filter((c) => c.families.includes(family));
    const company = hiring.length ? pick(hiring) : pick(companies);
    const [, baseTitle, pool] = FAMILIES[family];
    const skills = shuffled(rand, pool).slice(0, 4);
    const [city, country] = pick(CITIES);
    const age = rand() * 28;
    const created = now - age * DAY;
    const level = pick(LEVELS);
    jobs.push({
      id: seededId(created, rand),
      family,
      company,
      title: `${TITLE_PREFIX[level]}${baseTitle}`,
      skills,
      city,
      country,
      remote: rand() < 0.3,
      level,
      style: rand() < 0.8 ? company.style : Math.floor(rand() * 3),
      // Log-normal appeal: a few postings draw many seekers, most draw some.
      appeal: Math.exp(0.6 * (rand() + rand() + rand() - 1.5) * 2),
      created,
      // One posting in 25 closed for applications yesterday (still published): never a right answer.
      deadlinePassed: rand() < 0.04,
    });
  }
  for (let i = 0; i < jobs.length; i += 50) {
    statements.push(
      `INSERT INTO jobs (id, company_id, category_id, title, title_key, slug, description, city, country, city_key, country_key, is_remote, job_type, experience_level, salary_min, salary_max, salary_currency, salary_period, salary_min_yearly, salary_max_yearly, skills, status, application_deadline, published_at, expires_at, approved_at, created_at, updated_at) VALUES ${jobs
        .slice(i, i + 50)
        .map((j) => {
          const salary = 40_000 + LEVELS.indexOf(j.level) * 20_000;
          const skills = j.skills.map((name, k) => ({ name, required: k < 2 }));
          return `(${q(j.id)}, ${q(j.company.id)}, ${q(categories[j.family].id)}, ${q(j.title)}, ${q(j.title.toLowerCase())}, ${q(slugify(`${j.title} ${j.company.name}`))}, ${q(`${j.company.name} is hiring a ${j.title}.`)}, ${q(j.city)}, ${q(j.country)}, ${q(j.city.toLowerCase())}, ${q(j.country.toLowerCase())}, ${j.remote ? 1 : 0}, 'full_time', ${q(j.level)}, ${salary}, ${salary + 15_000}, 'EUR', 'year', ${salary}, ${salary + 15_000}, ${q(JSON.stringify(skills))}, 'published', ${j.deadlinePassed ? now - DAY : "NULL"}, ${Math.floor(j.created)}, ${Math.floor(j.created + 60 * DAY)}, ${Math.floor(j.created)}, ${Math.floor(j.created)}, ${Math.floor(j.created)})`;
        })
        .join(", ")}`,
    );
    statements.push(
      `INSERT INTO job_skills (job_id, skill, required) VALUES ${jobs
        .slice(i, i + 50)
        .flatMap((j) => j.skills.map((s, k) => `(${q(j.id)}, ${q(s.toLowerCase())}, ${k < 2 ? 1 : 0})`))
        .join(", ")}`,
    );
  }

  // The day starts: every history event falls today or yesterday (views are kept for that long).
  const historyStart = Math.floor(now / DAY) * DAY - DAY + HOUR;
  const seekers = [];
  const views = [];
  const heldOut = new Map();
  const users = [];
  const profiles = [];
  const profileSkills = [];
  const applications = [];
  const saves = [];
  for (let i = 0; i < seekerCount; i++) {
    const primary = Math.floor(rand() * FAMILIES.length);
    let second = null;
    let secondWeight = 0;
    if (rand() < 0.8) {
      second = (primary + 1 + Math.floor(rand() * (FAMILIES.length - 1))) % FAMILIES.length;
      secondWeight = 0.3 + rand() * 0.15;
    }
    const whereRoll = rand();
    const where = whereRoll < 0.55 ? "city" : whereRoll < 0.75 ? "remote" : "anywhere";
    const seeker = {
      id: seededId(now - 300 * DAY + i * 1000, rand),
      primary,
      second,
      secondWeight,
      where,
      city: pick(CITIES)[0],
      level: pick(LEVELS),
      style: Math.floor(rand() * 3),
      // What the profile shows.
      profile: { skills: [], desiredLocations: [], remoteOnly: false, openToRemote: false, years: null },
      history: [],
    };
    const primaryPool = FAMILIES[primary][2];
    const shown = sample(rand, [0.12, 0.2, 0.3, 0.25, 0.13]);
    seeker.profile.skills = shuffled(rand, primaryPool).slice(0, shown);
    if (second !== null && rand() < 0.3) {
      const extra = pick(FAMILIES[second][2]);
      if (!seeker.profile.skills.includes(extra)) seeker.profile.skills.push(extra);
    }
    if (where === "city" && rand() < 0.6) seeker.profile.desiredLocations = [seeker.city];
    if (where === "remote") {
      if (rand() < 0.5) seeker.profile.remoteOnly = true;
      seeker.profile.openToRemote = true;
    }
    if (where === "anywhere" && rand() < 0.5) seeker.profile.openToRemote = true;
    if (rand() < 0.75) {
      const [lo, hi] = YEARS_FOR_LEVEL[seeker.level];
      seeker.profile.years = lo + Math.floor(rand() * (hi - lo + 1));
    }

    // 4–8 engagements drawn from the hidden preferences, without repeats; the last 1–2 are the held-out applications.
    const total = 4 + Math.floor(rand() * 5);
    const held = total >= 6 && rand() < 0.5 ? 2 : 1;
    const chosen = new Set();
    const weights = jobs.map((j) => utility(seeker, j));
    const events = [];
    for (let k = 0; k < total; k++) {
      const isHeld = k >= total - held;
      const w = jobs.map((j, x) => (chosen.has(x) || (isHeld && j.deadlinePassed) ? 0 : weights[x]));
      const x = sample(rand, w);
      chosen.add(x);
      const kindRoll = rand();
      const kind = isHeld
        ? "apply"
        : jobs[x].deadlinePassed
          ? "view"
          : kindRoll < 0.5
            ? "view"
            : kindRoll < 0.75
              ? "save"
              : "apply";
      events.push({ job: jobs[x], kind, held: isHeld });
    }
    const span = now - HOUR - historyStart;
    const history = events.filter((e) => !e.held);
    history.forEach((e, k) => {
      e.at = Math.floor(historyStart + ((k + rand() * 0.5) / history.length) * span);
    });
    seeker.history = history.map((e) => ({ jobId: e.job.id, kind: e.kind, at: e.at }));
    heldOut.set(
      seeker.id,
      events.filter((e) => e.held).map((e) => e.job.id),
    );
    seekers.push(seeker);

    users.push(
      `(${q(seeker.id)}, ${q(`${tag}-seeker-${i}@bench.test`)}, ${q(`${tag}_seeker_${i}`)}, 'seeker', 'Seeker', ${q(`No${i}`)}, ${now - 300 * DAY}, ${now - 300 * DAY}, ${now - 300 * DAY})`,
    );
    const p = seeker.profile;
    profiles.push(
      `(${q(seeker.id)}, ${p.years === null ? "NULL" : p.years}, '[]', ${q(JSON.stringify(p.desiredLocations))}, ${p.openToRemote ? 1 : 0}, ${p.remoteOnly ? 1 : 0}, ${now - 300 * DAY}, ${now - 300 * DAY})`,
    );
    p.skills.forEach((s, k) => {
      profileSkills.push(`(${q(seeker.id)}, ${q(s.toLowerCase())}, ${q(s)}, ${k})`);
    });
    for (const e of history) {
      if (e.kind === "apply") {
        applications.push({
          at: e.at,
          row: `(${q(seededId(e.at, rand))}, ${q(e.job.id)}, ${q(e.job.company.id)}, ${q(seeker.id)}, ${e.at}, ${e.at}, ${e.at})`,
        });
      } else if (e.kind === "save") {
        saves.push({ at: e.at, row: `(${q(seeker.id)}, ${q(e.job.id)}, ${e.at})` });
      } else {
        views.push({ userId: seeker.id, jobId: e.job.id, at: e.at });
      }
    }
  }
  const chunks = (rows, head) => {
    for (let i = 0; i < rows.length; i += 60) statements.push(`${head} VALUES ${rows.slice(i, i + 60).join(", ")}`);
  };
  chunks(
    users,
    "INSERT INTO users (id, email, username, role, first_name, last_name, email_verified_at, created_at, updated_at)",
  );
  chunks(
    profiles,
    "INSERT INTO seeker_profiles (user_id, years_experience, desired_job_types, desired_locations, open_to_remote, remote_only, created_at, updated_at)",
  );
  chunks(profileSkills, "INSERT INTO profile_skills (user_id, slug, name, position)");
  // Applications in time order, so rowids (the neighbour learner's watermark) follow time as in production.
  const byTime = (rows) => rows.sort((a, b) => a.at - b.at).map((r) => r.row);
  chunks(
    byTime(applications),
    "INSERT INTO applications (id, job_id, company_id, applicant_id, status_changed_at, created_at, updated_at)",
  );
  chunks(byTime(saves), "INSERT INTO saved_jobs (user_id, job_id, created_at)");
  // As applying does (applications/apply.ts); view_count follows job_views by trigger.
  statements.push(
    `UPDATE jobs SET application_count = (SELECT count(*) FROM applications a WHERE a.job_id = jobs.id)
      WHERE company_id IN (SELECT id FROM companies WHERE slug LIKE '${tag}-%')`,
  );
  views.sort((a, b) => a.at - b.at);

  return {
    now,
    statements,
    views,
    heldOut,
    categories,
    jobs: jobs.map((j) => ({
      id: j.id,
      family: j.family,
      categoryId: categories[j.family].id,
      companyId: j.company.id,
      title: j.title,
      skills: j.skills,
      city: j.city,
      remote: j.remote,
      level: j.level,
      created: Math.floor(j.created),
      deadlinePassed: j.deadlinePassed,
    })),
    seekers: seekers.map((s) => ({
      id: s.id,
      primary: s.primary,
      second: s.second,
      where: s.where,
      city: s.city,
      profile: s.profile,
      history: s.history,
    })),
  };
}

// ------------------------------------------------------------------ metrics

function dcg(ranked, relevant) {
  let s = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    if (relevant.has(id)) s += 1 / Math.log2(i + 2);
  });
  return s;
}

/** Per-seeker figures of one list: hit (0/1), recall, nDCG@10, distinct families, second-interest shown. */
export function listMetrics(world, seekerId, ranked) {
  const relevant = new Set(world.heldOut.get(seekerId) ?? []);
  const top = ranked.slice(0, 10);
  const found = top.filter((id) => relevant.has(id)).length;
  const ideal = dcg([...relevant], relevant);
  const byId = jobIndex(world);
  const families = new Set(top.map((id) => byId.get(id)?.family));
  const seeker = world.seekers.find((s) => s.id === seekerId);
  return {
    hit: found > 0 ? 1 : 0,
    recall: relevant.size ? found / relevant.size : 0,
    ndcg: ideal ? dcg(top, relevant) / ideal : 0,
    families: families.size,
    second: seeker?.second === null || seeker?.second === undefined ? null : families.has(seeker.second) ? 1 : 0,
  };
}

const indexes = new WeakMap();
function jobIndex(world) {
  let m = indexes.get(world);
  if (!m) {
    m = new Map(world.jobs.map((j) => [j.id, j]));
    indexes.set(world, m);
  }
  return m;
}

/** The popularity baseline: most engaged (apply 3, save 2, view 1) open jobs the seeker has not engaged with. */
export function popularityLists(world, limit = 10) {
  const score = new Map();
  const w = { apply: 3, save: 2, view: 1 };
  for (const s of world.seekers) for (const e of s.history) score.set(e.jobId, (score.get(e.jobId) ?? 0) + w[e.kind]);
  const ranked = world.jobs
    .filter((j) => !j.deadlinePassed)
    .sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1))
    .map((j) => j.id);
  const out = new Map();
  for (const s of world.seekers) {
    const mine = new Set(s.history.map((e) => e.jobId));
    out.set(s.id, ranked.filter((id) => !mine.has(id)).slice(0, limit));
  }
  return out;
}

/**
 * Means over seekers with a seeded bootstrap (resampling seekers, `rounds` times) for the
 * 95 % interval; `lists` maps a system name to (seeker id → ranked job ids). Ratios of
 * hit-rate to each baseline are bootstrapped paired (the same resample for both systems).
 */
export function evaluate(world, lists, { rounds = 1000, seed = 7, ours = "ours", baselines = [] } = {}) {
  const ids = world.seekers.map((s) => s.id);
  const per = {};
  for (const [name, bySeeker] of Object.entries(lists)) {
    per[name] = ids.map((id) => listMetrics(world, id, bySeeker.get(id) ?? []));
  }
  const rand = rng(seed);
  const resamples = Array.from({ length: rounds }, () => ids.map(() => Math.floor(rand() * ids.length)));
  const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const interval = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [sorted[Math.floor(0.025 * (sorted.length - 1))], sorted[Math.ceil(0.975 * (sorted.length - 1))]];
  };
  const round = (x) => Math.round(x * 10_000) / 10_000;
  const systems = {};
  for (const [name, rows] of Object.entries(per)) {
    const stat = (key) => {
      const vals = rows.map((r) => r[key]);
      const boot = resamples.map((idx) => mean(idx.map((i) => vals[i])));
      const ci = interval(boot);
      return { mean: round(mean(vals)), ci: ci.map(round) };
    };
    const recommended = new Set([...lists[name].values()].flatMap((l) => l.slice(0, 10)));
    const open = world.jobs.filter((j) => !j.deadlinePassed).length;
    const withSecond = rows.filter((r) => r.second !== null);
    systems[name] = {
      hit_rate_at_10: stat("hit"),
      recall_at_10: stat("recall"),
      ndcg_at_10: stat("ndcg"),
      coverage: round(recommended.size / open),
      families_per_list: round(mean(rows.map((r) => r.families))),
      second_interest_shown: round(mean(withSecond.map((r) => r.second))),
    };
  }
  const ratios = {};
  for (const base of baselines) {
    const a = per[ours].map((r) => r.hit);
    const b = per[base].map((r) => r.hit);
    const boot = resamples.map((idx) => {
      const mb = mean(idx.map((i) => b[i]));
      return mb ? mean(idx.map((i) => a[i])) / mb : Number.POSITIVE_INFINITY;
    });
    const mb = mean(b);
    ratios[`${ours}_vs_${base}`] = {
      ratio: round(mb ? mean(a) / mb : Number.POSITIVE_INFINITY),
      ci: interval(boot).map(round),
    };
  }
  return {
    seekers: ids.length,
    held_out: [...world.heldOut.values()].reduce((s, l) => s + l.length, 0),
    systems,
    hit_rate_ratios: ratios,
  };
}
