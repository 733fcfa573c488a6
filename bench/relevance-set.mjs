/**
 * A labelled relevance set for job search (issue #14): a seeded generator of
 * realistic postings, each *target* posting with the query a user would type to
 * find it and that query's variants:
 *
 *   exact         the intended words ("stack engineer fjordline")
 *   typo          one edit (substitution, insertion, deletion, transposition) after the first letter
 *   first_letter  one edit touching the first letter ("rpoduct", "ruby" → "tuby")
 *   stem          a plural or derived form of a title word ("engineers", "management")
 *   order         the same words in another order
 *
 * The corpus is built so that the target is the one right answer and ranking has
 * to earn it: common words ("engineer", "manager", "product", "stack") are in
 * most postings, every company has several postings, and two *decoys* of the same
 * company mention the target's role (several times) in their description only.
 *
 * Plain JavaScript with no imports: bench/relevance.mjs loads it into a local
 * database for `npm run bench -- --relevance`, and test/search-relevance.test.ts
 * runs a small set in CI. `buildRelevanceSet({ jobs, targets, seed, now, quote, newId })`
 * returns `{ statements, queries }`; each query is `{ target, variant, q }`.
 */

const DAY = 86_400_000;

const ROLES = [
  ["Full-Stack Engineer", ["TypeScript", "React", "Node.js", "PostgreSQL"]],
  ["Backend Engineer", ["Go", "PostgreSQL", "Kafka", "gRPC"]],
  ["Frontend Engineer", ["TypeScript", "React", "CSS", "GraphQL"]],
  ["Data Engineer", ["Python", "Spark", "Airflow", "SQL"]],
  ["Data Scientist", ["Python", "Pandas", "Statistics", "Machine Learning"]],
  ["Machine Learning Engineer", ["PyTorch", "Python", "MLOps", "Kubernetes"]],
  ["DevOps Engineer", ["Terraform", "Kubernetes", "AWS", "Ansible"]],
  ["Site Reliability Engineer", ["Kubernetes", "Prometheus", "Linux", "Go"]],
  ["Linux Administrator", ["Linux", "Bash", "Ansible", "Networking"]],
  ["Security Engineer", ["Penetration Testing", "SIEM", "Linux", "Cryptography"]],
  ["Network Engineer", ["Cisco", "BGP", "Firewalls", "Networking"]],
  ["Delta Lake Architect", ["Databricks", "Spark", "Delta Lake", "SQL"]],
  ["Cloud Architect", ["AWS", "Azure", "Terraform", "Networking"]],
  ["iOS Developer", ["Swift", "SwiftUI", "Xcode", "Combine"]],
  ["Android Developer", ["Kotlin", "Jetpack Compose", "Gradle", "Firebase"]],
  ["Ruby Developer", ["Ruby", "Rails", "PostgreSQL", "Sidekiq"]],
  ["Python Developer", ["Python", "Django", "Celery", "Redis"]],
  ["Java Developer", ["Java", "Spring", "Hibernate", "Maven"]],
  ["Embedded Software Engineer", ["C", "RTOS", "Firmware", "Microcontrollers"]],
  ["QA Automation Engineer", ["Playwright", "Selenium", "Cypress", "Jenkins"]],
  ["Product Manager", ["Roadmapping", "Analytics", "Agile", "Jira"]],
  ["Technical Product Manager", ["APIs", "Agile", "SQL", "Confluence"]],
  ["Project Manager", ["Scrum", "Budgeting", "Stakeholder Management", "Jira"]],
  ["Product Designer", ["Figma", "Prototyping", "Design Systems", "User Research"]],
  ["UX Researcher", ["User Research", "Usability Testing", "Surveys", "Figma"]],
  ["Graphic Designer", ["Illustrator", "Photoshop", "Typography", "Branding"]],
  ["Content Marketing Manager", ["SEO", "Copywriting", "HubSpot", "Analytics"]],
  ["Performance Marketing Specialist", ["Google Ads", "Meta Ads", "Attribution", "Analytics"]],
  ["Account Executive", ["Salesforce", "Negotiation", "Pipeline", "CRM"]],
  ["Sales Development Representative", ["Prospecting", "Outreach", "HubSpot", "CRM"]],
  ["Customer Success Manager", ["Zendesk", "Onboarding", "Renewals", "CRM"]],
  ["Support Engineer", ["Linux", "SQL", "Zendesk", "Troubleshooting"]],
  ["Financial Analyst", ["Excel", "Forecasting", "Financial Modeling", "SQL"]],
  ["Accountant", ["Accounting", "IFRS", "Excel", "Payroll"]],
  ["Technical Recruiter", ["Sourcing", "Interviewing", "Greenhouse", "Employer Branding"]],
  ["People Partner", ["Employee Relations", "Coaching", "HRIS", "Compensation"]],
  ["Warehouse Operations Lead", ["Logistics", "Forklift", "Inventory", "SAP"]],
  ["Registered Nurse", ["Patient Care", "Triage", "Medication", "Charting"]],
  ["Pharmacist", ["Dispensing", "Compounding", "Pharmacology", "Counseling"]],
  ["Electrician", ["Wiring", "Electrical Codes", "Troubleshooting", "Conduit"]],
];

const SENIORITY = ["", "", "Senior ", "Junior ", "Lead ", "Staff ", "Principal "];

/** Word parts for invented, single-word company names ("Fjordline", "Quantivo"). */
const HEADS = [
  "fjord",
  "quant",
  "bright",
  "nova",
  "stellar",
  "amber",
  "cobalt",
  "ember",
  "granite",
  "harbor",
  "iris",
  "juniper",
  "kestrel",
  "lumen",
  "maple",
  "nimbus",
  "onyx",
  "pioneer",
  "quartz",
  "raven",
  "sierra",
  "tundra",
  "umber",
  "vertex",
  "willow",
  "zephyr",
  "atlas",
  "boreal",
  "cinder",
  "drift",
  "echo",
  "falcon",
  "glacier",
  "helix",
  "indigo",
  "jasper",
];
const TAILS = ["line", "ivo", "works", "labs", "soft", "ware", "forge", "stack", "loop", "craft", "point", "wave"];

const CITIES = [
  ["Berlin", "Germany"],
  ["Munich", "Germany"],
  ["Amsterdam", "Netherlands"],
  ["Paris", "France"],
  ["Madrid", "Spain"],
  ["Lisbon", "Portugal"],
  ["London", "United Kingdom"],
  ["Dublin", "Ireland"],
  ["Stockholm", "Sweden"],
  ["Warsaw", "Poland"],
  ["New York", "United States"],
  ["Austin", "United States"],
  ["Toronto", "Canada"],
];

/** Derived forms the porter stemmer folds onto the title word. */
const DERIVED = {
  engineer: ["engineers", "engineering"],
  manager: ["managers", "management"],
  developer: ["developers", "developing"],
  designer: ["designers", "designing"],
  analyst: ["analysts"],
  architect: ["architects"],
  administrator: ["administrators"],
  scientist: ["scientists"],
  researcher: ["researchers"],
  recruiter: ["recruiters", "recruiting"],
  specialist: ["specialists"],
  representative: ["representatives"],
  accountant: ["accountants"],
  nurse: ["nurses"],
  pharmacist: ["pharmacists"],
  electrician: ["electricians"],
  partner: ["partners"],
  executive: ["executives"],
};

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const words = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const cap = (w) => w[0].toUpperCase() + w.slice(1);
const slugify = (text) => words(text).join("-").slice(0, 80) || "job";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** One edit of `word` at `pos`: substitution, insertion, deletion or transposition with the next letter. */
function edit(word, pos, kind, letter) {
  switch (kind) {
    case "sub":
      return (
        word.slice(0, pos) +
        (letter === word[pos] ? LETTERS[(LETTERS.indexOf(letter) + 1) % 26] : letter) +
        word.slice(pos + 1)
      );
    case "ins":
      return word.slice(0, pos) + letter + word.slice(pos);
    case "del":
      return word.slice(0, pos) + word.slice(pos + 1);
    default:
      return pos + 1 < word.length ? word.slice(0, pos) + word[pos + 1] + word[pos] + word.slice(pos + 2) : word;
  }
}

export function buildRelevanceSet(options) {
  const { quote: q, newId } = options;
  const total = options.jobs ?? 3400;
  const targetCount = Math.min(options.targets ?? 340, Math.floor(total / 6));
  const rand = rng(options.seed ?? 14);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const now = options.now ?? Date.now();
  const companyCount = Math.max(8, Math.ceil(total / 12));

  const names = new Set();
  const companies = [];
  while (companies.length < companyCount) {
    let name = `${pick(HEADS)}${pick(TAILS)}`;
    if (names.size >= HEADS.length * TAILS.length * 0.8) name = `${name}${companies.length}`;
    if (names.has(name)) continue;
    names.add(name);
    companies.push({ id: newId(now - 400 * DAY), name: cap(name), slug: `rel-${name}`, roles: new Set() });
  }

  // Postings: each company gets distinct roles, so (role, company) names one posting.
  const jobs = [];
  for (let i = 0; i < total; i++) {
    const company = companies[i % companyCount];
    let role;
    for (let tries = 0; tries < 50; tries++) {
      role = pick(ROLES);
      if (!company.roles.has(role[0])) break;
    }
    if (company.roles.has(role[0])) continue;
    company.roles.add(role[0]);
    const prefix = pick(SENIORITY);
    const age = Math.floor(rand() * 28);
    jobs.push({ company, role, title: `${prefix}${role[0]}`, age, decoyOf: null, city: pick(CITIES) });
  }

  // Targets: postings whose company has at least two other postings (the decoys).
  const byCompany = new Map();
  for (const j of jobs) byCompany.set(j.company, [...(byCompany.get(j.company) ?? []), j]);
  const targets = [];
  for (const j of jobs) {
    if (targets.length >= targetCount) break;
    const siblings = (byCompany.get(j.company) ?? []).filter((s) => s !== j && !s.decoyOf && !s.isTarget);
    if (j.decoyOf || siblings.length < 2 || rand() < 0.3) continue;
    j.isTarget = true;
    for (const d of siblings.slice(0, 2)) d.decoyOf = j;
    targets.push(j);
  }

  const statements = [];
  const companyRows = companies.map(
    (c) =>
      `(${q(c.id)}, ${q(c.slug)}, ${q(c.name)}, ${q(`${c.name} builds products people enjoy.`)}, 1, ${now - 400 * DAY}, ${now - 400 * DAY})`,
  );
  for (let i = 0; i < companyRows.length; i += 40) {
    statements.push(
      `INSERT INTO companies (id, slug, name, description, is_verified, created_at, updated_at) VALUES ${companyRows.slice(i, i + 40).join(", ")}`,
    );
  }
  const vocabulary = new Set([...names]);
  let rows = [];
  const flush = () => {
    if (!rows.length) return;
    statements.push(
      `INSERT INTO jobs (id, company_id, title, title_key, slug, description, requirements, city, country, city_key, country_key, is_remote, job_type, experience_level, skills, status, published_at, expires_at, approved_at, created_at, updated_at) VALUES ${rows.join(", ")}`,
    );
    rows = [];
  };
  for (const j of jobs) {
    const created = now - j.age * DAY - Math.floor(rand() * DAY);
    j.id = newId(created);
    const others = [pick(ROLES)[0], pick(ROLES)[0]];
    const mention = j.decoyOf
      ? ` You will pair every day with our ${j.decoyOf.role[0]} and learn from the ${j.decoyOf.role[0]} team; ${j.decoyOf.role[0]} experience is a plus.`
      : "";
    const description =
      `## About ${j.company.name}\n\n${j.company.name} is hiring a ${j.title}. Our product team of engineers, designers and managers ` +
      `ships a modern stack to thousands of customers. You will work with our ${others[0]} and ${others[1]} colleagues.${mention}\n\n` +
      `At ${j.company.name} we value clear writing, kind reviews and a sustainable pace. Engineering, product and support work as one team.`;
    const skills = j.role[1].map((name, k) => ({ name, required: k < 2 }));
    for (const w of [...words(j.title), ...words(description), ...skills.flatMap((s) => words(s.name))])
      vocabulary.add(w);
    const title = j.title;
    rows.push(
      `(${q(j.id)}, ${q(j.company.id)}, ${q(title)}, ${q(title.toLowerCase())}, ${q(slugify(title))}, ${q(description)}, ${q(skills.map((s) => `- ${s.name}`).join("\n"))}, ${q(j.city[0])}, ${q(j.city[1])}, ${q(j.city[0].toLowerCase())}, ${q(j.city[1].toLowerCase())}, ${rand() < 0.3 ? 1 : 0}, 'full_time', 'mid', ${q(JSON.stringify(skills))}, 'published', ${created}, ${created + 60 * DAY}, ${created}, ${created}, ${created})`,
    );
    if (rows.length >= 40) flush();
  }
  flush();

  // Queries: the role's words (the longest role drops its first word, as users do) and the company.
  const queries = [];
  for (const t of targets) {
    let roleWords = words(t.role[0]);
    if (roleWords.length >= 3) roleWords = roleWords.slice(1);
    const base = [...roleWords, t.company.name.toLowerCase()];
    queries.push({ target: t.id, variant: "exact", q: base.join(" ") });
    const typoed = (first) => {
      for (let tries = 0; tries < 100; tries++) {
        const i = Math.floor(rand() * base.length);
        const w = base[i];
        if (w.length < 5) continue;
        const kind = pick(["sub", "ins", "del", "swap"]);
        const pos = first ? 0 : 1 + Math.floor(rand() * (w.length - 2));
        if (first && kind === "del" && w.length < 6) continue;
        const typo = edit(w, pos, kind, pick(LETTERS.split("")));
        if (typo === w || vocabulary.has(typo)) continue;
        return base.map((x, k) => (k === i ? typo : x)).join(" ");
      }
      return null;
    };
    const typo = typoed(false);
    if (typo) queries.push({ target: t.id, variant: "typo", q: typo });
    const firstLetter = typoed(true);
    if (firstLetter) queries.push({ target: t.id, variant: "first_letter", q: firstLetter });
    const derivable = base.findIndex((w) => DERIVED[w]);
    const stemIndex = derivable >= 0 ? derivable : roleWords.length - 1;
    const stemWord = base[stemIndex];
    const stemmed = DERIVED[stemWord] ? pick(DERIVED[stemWord]) : stemWord.endsWith("s") ? stemWord : `${stemWord}s`;
    queries.push({ target: t.id, variant: "stem", q: base.map((x, k) => (k === stemIndex ? stemmed : x)).join(" ") });
    queries.push({
      target: t.id,
      variant: "order",
      q: [base[base.length - 1], ...base.slice(0, -1).reverse()].join(" "),
    });
  }
  return { statements, queries, targets: targets.length, jobs: jobs.length };
}

export const VARIANTS = ["exact", "typo", "first_letter", "stem", "order"];

/** hit@1, hit@3 and MRR (over the first 10 results) per variant; `ranks` holds 1-based ranks or null. */
export function summarize(results) {
  const out = {};
  for (const variant of VARIANTS) {
    const rs = results.filter((r) => r.variant === variant);
    if (!rs.length) continue;
    const n = rs.length;
    const hit = (k) => rs.filter((r) => r.rank !== null && r.rank <= k).length / n;
    const mrr = rs.reduce((s, r) => s + (r.rank !== null && r.rank <= 10 ? 1 / r.rank : 0), 0) / n;
    out[variant] = { queries: n, hit1: +hit(1).toFixed(4), hit3: +hit(3).toFixed(4), mrr: +mrr.toFixed(4) };
  }
  return out;
}
