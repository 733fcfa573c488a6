/**
 * The labelled near-duplicate set of the ingestion benchmark (`npm run bench -- --ingest`):
 * seeded, realistic postings as RawPosting objects (the adapters' output, before
 * normalisation), each with
 *
 * - positives: the same job as another board reposts it — sections reordered,
 *   the description trimmed, boilerplate added (EEO, "apply via"), the title
 *   reworded (`Sr.`/`Senior`, `(m/w/d)`, `- Remote`), the location formatted
 *   another way, HTML instead of text, tracking parameters on the URL;
 * - hard negatives: the same company and title in another city (same text, as
 *   companies post one role per office), the same company and title with a
 *   genuinely different description, and the company's template for another role.
 *
 * The variants are fixed here, before any measurement, and are not tuned to the
 * matcher: a miss or a false merge is a finding, not a generator bug.
 */

/** mulberry32: a small seeded PRNG, so the set is the same on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = [
  ["Northwind Analytics", "northwind.io"],
  ["Bluefin Robotics", "bluefin.ai"],
  ["Kestrel Health", "kestrelhealth.com"],
  ["Parcelly", "parcelly.com"],
  ["Lumen Ledger", "lumenledger.com"],
  ["Orbital Freight", "orbitalfreight.eu"],
  ["Quillstack", "quillstack.dev"],
  ["Greenleaf Energy", "greenleaf.energy"],
  ["Tandem Bank", "tandembank.co.uk"],
  ["Mosaic Learning", "mosaiclearning.org"],
  ["Harbor Insurance", "harborins.com"],
  ["Copperline Media", "copperline.tv"],
  ["Vantage Mobility", "vantagemobility.de"],
  ["Sprocket Labs", "sprocketlabs.io"],
  ["Fjord Games", "fjordgames.no"],
  ["Atlas Biotech", "atlasbio.com"],
  ["Brightpath Retail", "brightpath.shop"],
  ["Cinder Security", "cindersec.com"],
  ["Driftwood Travel", "driftwood.travel"],
  ["Evergreen Foods", "evergreenfoods.com"],
];

const ROLES = [
  { title: "Backend Engineer", area: "backend", skills: ["Go", "PostgreSQL", "Kubernetes", "gRPC", "Kafka"] },
  { title: "Frontend Engineer", area: "frontend", skills: ["TypeScript", "React", "CSS", "accessibility", "Vite"] },
  { title: "Data Engineer", area: "data", skills: ["Python", "Spark", "Airflow", "dbt", "Snowflake"] },
  { title: "Data Scientist", area: "data", skills: ["Python", "statistics", "experimentation", "SQL", "PyTorch"] },
  { title: "Product Manager", area: "product", skills: ["roadmaps", "discovery", "analytics", "stakeholders", "OKRs"] },
  {
    title: "Product Designer",
    area: "design",
    skills: ["Figma", "prototyping", "user research", "design systems", "UX writing"],
  },
  { title: "DevOps Engineer", area: "platform", skills: ["Terraform", "AWS", "Kubernetes", "observability", "CI/CD"] },
  {
    title: "Site Reliability Engineer",
    area: "platform",
    skills: ["SLOs", "Linux", "Prometheus", "incident response", "Go"],
  },
  {
    title: "Mobile Engineer",
    area: "mobile",
    skills: ["Kotlin", "Swift", "React Native", "app store releases", "offline sync"],
  },
  {
    title: "QA Engineer",
    area: "quality",
    skills: ["Playwright", "test plans", "CI", "exploratory testing", "API testing"],
  },
  {
    title: "Security Engineer",
    area: "security",
    skills: ["threat modelling", "SIEM", "AppSec", "cloud security", "pen testing"],
  },
  {
    title: "Account Executive",
    area: "sales",
    skills: ["SaaS sales", "Salesforce", "negotiation", "pipeline", "MEDDIC"],
  },
  {
    title: "Customer Success Manager",
    area: "success",
    skills: ["onboarding", "renewals", "QBRs", "churn analysis", "HubSpot"],
  },
  {
    title: "Marketing Manager",
    area: "marketing",
    skills: ["campaigns", "SEO", "content", "paid social", "attribution"],
  },
  {
    title: "Financial Analyst",
    area: "finance",
    skills: ["forecasting", "Excel", "FP&A", "budgeting", "variance analysis"],
  },
  { title: "Recruiter", area: "people", skills: ["sourcing", "interviewing", "ATS", "employer branding", "offers"] },
];

const LEVELS = [
  { words: ["Senior", "Sr.", "Sr"], years: "5+" },
  { words: ["Junior", "Jr.", "Jr"], years: "1+" },
  { words: ["Staff"], years: "8+" },
  { words: ["Lead"], years: "7+" },
  { words: [""], years: "3+" },
];

const CITIES = [
  { city: "Berlin", forms: ["Berlin, Germany", "Berlin, DE", "Berlin", "Berlin, Berlin, Germany"] },
  { city: "Munich", forms: ["Munich, Germany", "Munich, DE", "München, Bayern, Deutschland"] },
  { city: "London", forms: ["London, United Kingdom", "London, UK", "London, England, GB"] },
  {
    city: "Amsterdam",
    forms: ["Amsterdam, Netherlands", "Amsterdam, NL", "Amsterdam, North Holland, The Netherlands"],
  },
  { city: "Paris", forms: ["Paris, France", "Paris, FR", "Paris, Île-de-France, France"] },
  { city: "Madrid", forms: ["Madrid, Spain", "Madrid, ES"] },
  { city: "Warsaw", forms: ["Warsaw, Poland", "Warszawa, PL", "Warsaw, Masovia, Poland"] },
  { city: "Dublin", forms: ["Dublin, Ireland", "Dublin, IE"] },
  { city: "New York", forms: ["New York, NY, United States", "New York, NY", "New York City, NY, USA"] },
  { city: "Austin", forms: ["Austin, TX, United States", "Austin, TX", "Austin, Texas, USA"] },
  { city: "Toronto", forms: ["Toronto, ON, Canada", "Toronto, Canada"] },
  { city: "Lisbon", forms: ["Lisbon, Portugal", "Lisboa, PT"] },
];

const VERBS = ["design", "build", "own", "improve", "operate", "scale", "ship", "maintain", "measure", "document"];
const OBJECTS = {
  backend: [
    "the order service",
    "our public APIs",
    "event pipelines",
    "the billing engine",
    "database schemas",
    "internal tooling",
  ],
  frontend: [
    "the checkout flow",
    "our component library",
    "the dashboard",
    "onboarding screens",
    "performance budgets",
    "the design system",
  ],
  data: [
    "the warehouse models",
    "batch pipelines",
    "forecasting models",
    "the metrics layer",
    "experiment analysis",
    "data quality checks",
  ],
  product: [
    "the quarterly roadmap",
    "customer interviews",
    "pricing experiments",
    "the launch plan",
    "product requirements",
    "success metrics",
  ],
  design: [
    "end-to-end flows",
    "interactive prototypes",
    "usability studies",
    "the icon set",
    "mobile layouts",
    "design reviews",
  ],
  platform: [
    "the deployment platform",
    "cloud infrastructure",
    "on-call runbooks",
    "the observability stack",
    "capacity plans",
    "cost dashboards",
  ],
  mobile: [
    "the Android app",
    "the iOS app",
    "push notifications",
    "offline storage",
    "release trains",
    "crash reporting",
  ],
  quality: [
    "the regression suite",
    "release checklists",
    "test environments",
    "contract tests",
    "bug triage",
    "quality metrics",
  ],
  security: [
    "the vulnerability programme",
    "access reviews",
    "detection rules",
    "the secure SDLC",
    "incident playbooks",
    "cloud posture",
  ],
  sales: [
    "a territory of mid-market accounts",
    "the sales pipeline",
    "enterprise deals",
    "partner relationships",
    "account plans",
    "forecast calls",
  ],
  success: [
    "a book of strategic customers",
    "onboarding programmes",
    "renewal forecasts",
    "health scores",
    "customer workshops",
    "escalations",
  ],
  marketing: [
    "demand campaigns",
    "the content calendar",
    "the website funnel",
    "launch messaging",
    "event programmes",
    "the brand budget",
  ],
  finance: [
    "the monthly forecast",
    "board reporting",
    "unit economics",
    "budget reviews",
    "the pricing model",
    "cash planning",
  ],
  people: [
    "hiring pipelines",
    "interview loops",
    "the employer brand",
    "candidate experience",
    "offer approvals",
    "hiring analytics",
  ],
};
const PERKS = [
  "30 days of paid holiday",
  "a yearly learning budget",
  "flexible working hours",
  "a home-office allowance",
  "private health insurance",
  "a public transport ticket",
  "parental leave above the legal minimum",
  "employee stock options",
  "a team offsite twice a year",
  "a new laptop of your choice",
  "a pension plan with matching",
  "sabbatical after four years",
];
const MISSIONS = [
  "We help small businesses get paid faster.",
  "We make freight across Europe greener and cheaper.",
  "We build the tools clinicians use every day.",
  "We turn messy data into decisions.",
  "We make learning a habit for millions of people.",
  "We protect companies from the attacks that matter.",
  "We power the checkout of thousands of shops.",
  "We make renewable energy the default choice.",
];
const BOILERPLATE = [
  "We are an equal opportunity employer and value diversity. All qualified applicants will receive consideration for employment without regard to race, religion, gender, sexual orientation, age, disability or any other protected characteristic.",
  "This position was found on our partner job board. Click apply to be redirected to the employer's website.",
  "Applicants must be authorised to work in the country of the position. Reasonable accommodations are available on request during the hiring process.",
  "Please mention the job board when applying. Only shortlisted candidates will be contacted.",
];

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
function shuffle(r, xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
const sample = (r, xs, n) => shuffle(r, xs).slice(0, n);

/** One job's content as sections (each a heading and paragraphs or bullets). */
function jobContent(r, company, role, level) {
  const mission = pick(r, MISSIONS);
  const objects = OBJECTS[role.area];
  const duties = sample(r, objects, 5).map((o) => {
    const verb = pick(r, VERBS);
    return `${verb[0].toUpperCase()}${verb.slice(1)} ${o} together with the ${role.area} team`;
  });
  const reqs = [
    `${level.years} years of experience as a ${role.title.toLowerCase()} or in a similar role`,
    ...sample(r, role.skills, 3).map((s) => `Hands-on experience with ${s} in production`),
    `Clear written communication in English${r() < 0.4 ? "; German is a plus" : ""}`,
  ];
  const perks = sample(r, PERKS, 5);
  return [
    {
      heading: `About ${company[0]}`,
      paras: [
        `${company[0]} has ${10 + Math.floor(r() * 900)} people in ${2 + Math.floor(r() * 9)} countries. ${mission} Our ${role.area} group works in small, autonomous teams that own their services end to end.`,
      ],
    },
    { heading: "What you will do", bullets: duties },
    { heading: "What you bring", bullets: reqs },
    { heading: "What we offer", bullets: perks },
  ];
}

function asText(sections) {
  return sections
    .map((s) => [s.heading, ...(s.paras ?? []), ...(s.bullets ?? []).map((b) => `- ${b}`)].join("\n"))
    .join("\n\n");
}
function asHtml(sections) {
  return sections
    .map(
      (s) =>
        `<h3>${s.heading}</h3>${(s.paras ?? []).map((p) => `<p>${p}</p>`).join("")}${s.bullets ? `<ul>${s.bullets.map((b) => `<li>${b}</li>`).join("")}</ul>` : ""}`,
    )
    .join("\n");
}

function titleOf(levelWord, role) {
  return `${levelWord ? `${levelWord} ` : ""}${role.title}`;
}

const slug = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The original posting (on board A). */
function original(id, job) {
  const url = `https://boards.greenhouse.io/${slug(job.company[0])}/jobs/${id}`;
  return {
    externalId: String(id),
    title: titleOf(job.level.words[0], job.role),
    company: job.company[0],
    companyWebsite: `https://${job.company[1]}`,
    url,
    applyUrl: url,
    description: asHtml(job.sections),
    descriptionIsHtml: true,
    location: job.city.forms[0],
    employmentType: "Full-time",
  };
}

/** Kinds of repost edits: every positive applies two or three of them. */
const EDITS = ["reorder", "trim", "boilerplate", "title", "location", "text", "bullets"];

/** The same job as another board reposts it. */
function repost(r, id, job, edits) {
  let sections = job.sections.map((s) => ({ ...s, bullets: s.bullets && [...s.bullets] }));
  let title = titleOf(job.level.words[0], job.role);
  let location = job.city.forms[0];
  const extra = [];
  for (const e of edits) {
    if (e === "reorder") sections = [sections[0], ...shuffle(r, sections.slice(1))];
    if (e === "bullets") for (const s of sections) if (s.bullets) s.bullets = shuffle(r, s.bullets);
    if (e === "trim") {
      // Aggregators cut the benefits section or the last bullets.
      if (r() < 0.5) sections = sections.filter((s) => s.heading !== "What we offer");
      else for (const s of sections) if (s.bullets && s.bullets.length > 3) s.bullets = s.bullets.slice(0, 3);
    }
    if (e === "boilerplate") extra.push(pick(r, BOILERPLATE));
    if (e === "title") {
      const words = job.level.words.filter((w) => w !== job.level.words[0]);
      const variants = [
        words.length ? titleOf(pick(r, words), job.role) : title,
        `${title} (m/w/d)`,
        `${title} - Remote`,
        `${title} (f/m/x)`,
        `${title}!!`,
      ];
      title = pick(r, variants);
    }
    if (e === "location") location = pick(r, job.city.forms.slice(1).length ? job.city.forms.slice(1) : job.city.forms);
  }
  if (extra.length) sections = [...sections, { heading: "", paras: extra }];
  const html = !edits.includes("text");
  // Some boards link the original posting with tracking parameters; most have their own page.
  const linksOriginal = r() < 0.25;
  const url = linksOriginal
    ? `https://boards.greenhouse.io/${slug(job.company[0])}/jobs/${job.id}?utm_source=jobboard&utm_medium=feed&gh_src=abc${id}`
    : `https://jobs.example-aggregator.com/view/${id}`;
  return {
    externalId: `agg-${id}`,
    title,
    company: r() < 0.3 ? `${job.company[0]} ${pick(r, ["GmbH", "Inc.", "Ltd", "B.V."])}` : job.company[0],
    companyWebsite: r() < 0.5 ? `https://www.${job.company[1]}/` : null,
    url,
    applyUrl: url,
    description: html ? asHtml(sections) : asText(sections).replace(/\n\n\n+/g, "\n\n"),
    descriptionIsHtml: html,
    location,
    employmentType: pick(r, ["Full-time", "FULL_TIME", "Permanent"]),
  };
}

/**
 * Builds `{ postings, pairs }`: `postings` are RawPostings of board A
 * (`source: "a"`) and board B (`source: "b"`); `pairs` are labelled
 * `{ a, b, duplicate, kind }` (indices into postings).
 */
export function ingestWorld({ jobs = 600, seed = 7 } = {}) {
  const r = rng(seed);
  const postings = [];
  const pairs = [];
  let id = 4_000_000;
  const add = (source, raw) => {
    postings.push({ source, raw });
    return postings.length - 1;
  };
  for (let n = 0; n < jobs; n++) {
    const company = pick(r, COMPANIES);
    const role = pick(r, ROLES);
    const level = pick(r, LEVELS);
    const city = pick(r, CITIES);
    const job = { id: ++id, company, role, level, city, sections: jobContent(r, company, role, level) };
    const a = add("a", original(job.id, job));
    // Positive: one repost on board B with 2–3 edits.
    const edits = sample(r, EDITS, 2 + Math.floor(r() * 2));
    const b = add("b", repost(r, ++id, job, edits));
    pairs.push({ a, b, duplicate: true, kind: `repost: ${[...edits].sort().join("+")}` });
    // Hard negatives, on board B (cross-source, so the pipeline would consider merging them).
    const kind = n % 3;
    if (kind === 0) {
      // Same company, title and text, another office: companies post one role per city.
      const other = pick(
        r,
        CITIES.filter((c) => c !== city),
      );
      const neg = {
        ...original(++id, { ...job, city: other }),
        externalId: `agg-${id}`,
        url: `https://jobs.example-aggregator.com/view/${id}`,
      };
      neg.applyUrl = neg.url;
      pairs.push({ a, b: add("b", neg), duplicate: false, kind: "same company+title+text, other city" });
    } else if (kind === 1) {
      // Same company, title and city, a genuinely different posting (another team, other duties).
      const sections = jobContent(r, company, role, level);
      const neg = {
        ...original(++id, { ...job, sections }),
        externalId: `agg-${id}`,
        url: `https://jobs.example-aggregator.com/view/${id}`,
      };
      neg.applyUrl = neg.url;
      pairs.push({ a, b: add("b", neg), duplicate: false, kind: "same company+title+city, other description" });
    } else {
      // The company's template for another role (same about/perks, same city).
      const otherRole = pick(
        r,
        ROLES.filter((x) => x.area === role.area && x !== role).length
          ? ROLES.filter((x) => x.area === role.area && x !== role)
          : ROLES.filter((x) => x !== role),
      );
      const sections = jobContent(r, company, otherRole, level);
      sections[0] = job.sections[0];
      sections[3] = job.sections[3];
      const neg = {
        ...original(++id, { ...job, role: otherRole, sections }),
        externalId: `agg-${id}`,
        url: `https://jobs.example-aggregator.com/view/${id}`,
      };
      neg.applyUrl = neg.url;
      pairs.push({ a, b: add("b", neg), duplicate: false, kind: "same company template, other role" });
    }
  }
  return { postings, pairs };
}
