/**
 * A posting's category: the source's own category words (Adzuna `category`,
 * USAJobs `JobCategory`, an ATS department or team, RSS `<category>`, JSON-LD
 * `occupationalCategory`/`industry`) mapped to a slug of our category tree
 * (migration 0003), the title's words as the fallback and to refine: a title
 * that names a sub-category of the department's category wins
 * (`Engineering` + `Senior Backend Engineer` → `backend`). Null when nothing
 * matches (such jobs stay uncategorised, as before).
 */
import { foldText } from "../../lib/fold";

/** [pattern over the folded, space-separated text, slug, parent slug]. Most specific first. */
const RULES: [RegExp, string, string | null][] = [
  // Engineering
  [
    / (machine learning|ml|deep learning|artificial intelligence|ai|computer vision|nlp|perception) /,
    "machine-learning",
    "engineering",
  ],
  [/ data (engineer|engineering|platform|pipelines?) /, "data-engineering", "engineering"],
  [/ (site reliability|sre) /, "site-reliability", "engineering"],
  [
    / (devops|platform engineer(ing)?|infrastructure|cloud engineer(ing)?|sysadmin|systems? administrator) /,
    "devops",
    "engineering",
  ],
  [
    / (security engineer(ing)?|cyber ?security|infosec|information security|application security) /,
    "security",
    "engineering",
  ],
  [/ (qa|quality assurance|test automation|tester|sdet|test engineer) /, "qa-and-testing", "engineering"],
  [/ (embedded|firmware|device drivers?) /, "embedded-systems", "engineering"],
  [
    / (engineering manager|head of engineering|vp of engineering|vp engineering|director of engineering|cto) /,
    "engineering-management",
    "engineering",
  ],
  [/ (ios|android|mobile) /, "mobile", "engineering"],
  [/ (full ?stack) /, "full-stack", "engineering"],
  [/ (frontend|front end|ui engineer|ui developer|web developer) /, "frontend", "engineering"],
  [/ (backend|back end|server side|api engineer) /, "backend", "engineering"],
  // Data
  [
    / (data scien\w*|statistic\w*|mathematical statistics|quantitative research\w*) /,
    "data-science",
    "data-and-analytics",
  ],
  [/ (business intelligence|bi developer|bi analyst) /, "business-intelligence", "data-and-analytics"],
  // Finance before data analysis (`Financial Analyst`).
  [/ (payroll) /, "payroll", "finance"],
  [/ (financial analy\w*|fp a|financial planning) /, "financial-analysis", "finance"],
  [/ (accountant|accounting|bookkeep\w*|auditor|auditing|acca|tax) /, "accounting", "finance"],
  [/ (data analy\w*|analytics|insights analyst) /, "data-analysis", "data-and-analytics"],
  // Design
  [/ (ux research\w*|user research\w*) /, "ux-research", "design"],
  [/ (motion design\w*|animator|animation) /, "motion-design", "design"],
  [/ (graphic design\w*|visual design\w*|illustrator) /, "graphic-design", "design"],
  [/ (product design\w*|ux|ui ux|interaction design\w*) /, "product-design", "design"],
  // Product
  [/ (product manag\w*|product owner) /, "product-management", "product"],
  [/ (product operations|product ops) /, "product-operations", "product"],
  // Sales
  [/ (sales engineer\w*|solutions engineer\w*|presales|pre sales) /, "sales-engineering", "sales"],
  [/ (sdr|bdr|sales development|business development representative) /, "sales-development", "sales"],
  [/ (account executive) /, "account-executive", "sales"],
  [/ (account manag\w*) /, "account-management", "sales"],
  // Marketing
  [/ (seo|search engine optimi[sz]ation) /, "seo", "marketing"],
  [/ (content market\w*|content writ\w*|content strateg\w*|copywrit\w*) /, "content-marketing", "marketing"],
  [/ (growth market\w*|performance market\w*|demand generation) /, "growth-marketing", "marketing"],
  [/ (social media) /, "social-media", "marketing"],
  [/ (brand market\w*|brand manag\w*) /, "brand-marketing", "marketing"],
  // Customer support
  [/ (technical support|it support|help ?desk|support engineer) /, "technical-support", "customer-support"],
  [/ (customer success) /, "customer-success", "customer-support"],
  // People
  [/ (recruit\w*|talent acquisition|sourcer) /, "recruiting", "human-resources"],
  [/ (learning and development|l d|training and development) /, "learning-and-development", "human-resources"],
  [/ (people operations|people ops|hr operations) /, "people-operations", "human-resources"],
  // Operations
  [/ (project manag\w*|program manag\w*|programme manag\w*|pmo|scrum master) /, "project-management", "operations"],
  [
    / (office manag\w*|administrative|administrator|admin|secretary|receptionist|executive assistant|clerk) /,
    "office-administration",
    "operations",
  ],
  [
    / (business operations|bizops|strategy and operations|management and program analysis) /,
    "business-operations",
    "operations",
  ],
  // Healthcare
  [/ (nurse|nurses|nursing|rn) /, "nursing", "healthcare"],
  [/ (physician|medical officer|doctor|surgeon|psychiatrist|gp) /, "medical-doctors", "healthcare"],
  [/ (pharmacy|pharmacist|pharmacists) /, "pharmacy", "healthcare"],
  [/ (dental|dentist|dental hygienist) /, "dental", "healthcare"],
  [/ (care worker|carer|caregiver|support worker|social work\w*|social care|home care) /, "care-work", "healthcare"],
  [
    / (physiotherap\w*|occupational therap\w*|radiograph\w*|paramedic|therapist|allied health|medical technolog\w*) /,
    "allied-health",
    "healthcare",
  ],
  // Education
  [/ (early childhood|nursery|preschool|childcare) /, "early-childhood", "education"],
  [/ (tutor|tutoring) /, "tutoring", "education"],
  [/ (teacher|teaching|lecturer|instructor) /, "teaching", "education"],
  [/ (postdoc\w*|professor|academic|research fellow) /, "academic-research", "education"],
  // Trades
  [/ (electrician|electrical) /, "electrical", "trades"],
  [/ (welder|welding) /, "welding", "trades"],
  [/ (plumber|plumbing) /, "plumbing", "trades"],
  [/ (carpenter|carpentry|joiner) /, "carpentry", "trades"],
  [/ (hvac|heating|refrigeration|air conditioning) /, "hvac", "trades"],
  [/ (mechanic|automotive|vehicle technician) /, "automotive", "trades"],
  [/ (construction|bricklayer|labourer|laborer|site manager) /, "construction", "trades"],
  // Hospitality
  [/ (chef|cook|kitchen|catering) /, "kitchen-and-chefs", "hospitality"],
  [/ (waiter|waitress|bartender|barista|front of house) /, "front-of-house", "hospitality"],
  [/ (hotel|housekeeping|housekeeper|concierge) /, "hotel-operations", "hospitality"],
  // Logistics
  [/ (warehouse|forklift|picker|packer|materials handler) /, "warehouse", "logistics"],
  [/ (driver|drivers|delivery driver|courier|motor vehicle operator) /, "driving-and-delivery", "logistics"],
  [/ (supply chain|procurement|purchasing|contracting|inventory) /, "supply-chain", "logistics"],
  // Retail
  [/ (store manager|shop manager|retail manager) /, "store-management", "retail"],
  [/ (sales associate|shop assistant|cashier|retail assistant) /, "sales-associates", "retail"],
  // Manufacturing
  [/ (quality control|quality inspector|qc) /, "quality-control", "manufacturing"],
  [/ (production|assembly|machine operator) /, "production", "manufacturing"],
  // The top of the tree.
  [
    / (software|developer|programmer|engineer|engineering|it|information technology|computer science|technology) /,
    "engineering",
    null,
  ],
  [/ (data) /, "data-and-analytics", null],
  [/ (design|designer|creative) /, "design", null],
  [/ (product) /, "product", null],
  [/ (sales|business development) /, "sales", null],
  [/ (marketing|advertising|pr|public relations|communications) /, "marketing", null],
  [/ (healthcare|health care|medical|clinical|hospital|health) /, "healthcare", null],
  [
    / (customer service|customer services|customer support|customer care|call centre|call center|support) /,
    "customer-support",
    null,
  ],
  [/ (finance|financial|treasury|banking|budget) /, "finance", null],
  [/ (human resources|hr|people) /, "human-resources", null],
  [/ (legal|lawyer|attorney|counsel|paralegal|solicitor|law) /, "legal", null],
  [/ (operations) /, "operations", null],
  [/ (education|school|teaching) /, "education", null],
  [/ (trade|trades|maintenance) /, "trades", null],
  [/ (hospitality|restaurant|travel) /, "hospitality", null],
  [/ (logistics|transportation) /, "logistics", null],
  [/ (retail) /, "retail", null],
  [/ (manufacturing) /, "manufacturing", null],
];
const PARENT = new Map(RULES.map(([, slug, parent]) => [slug, parent]));

/** Adzuna category tags (`it-jobs`): the source's own fixed list, mapped one to one. */
const ADZUNA_TAGS: Record<string, string | null> = {
  "it-jobs": "engineering",
  "engineering-jobs": "engineering",
  "accounting-finance-jobs": "finance",
  "healthcare-nursing-jobs": "healthcare",
  "teaching-jobs": "education",
  "sales-jobs": "sales",
  "pr-advertising-marketing-jobs": "marketing",
  "customer-services-jobs": "customer-support",
  "hr-jobs": "human-resources",
  "legal-jobs": "legal",
  "admin-jobs": "office-administration",
  "hospitality-catering-jobs": "hospitality",
  "logistics-warehouse-jobs": "logistics",
  "trade-construction-jobs": "trades",
  "maintenance-jobs": "trades",
  "retail-jobs": "retail",
  "manufacturing-jobs": "manufacturing",
  "creative-design-jobs": "design",
  "social-work-jobs": "care-work",
  "scientific-qa-jobs": null,
  "consultancy-jobs": null,
  "graduate-jobs": null,
  "part-time-jobs": null,
  "other-general-jobs": null,
  unknown: null,
};

/** OPM occupational series (USAJobs `JobCategory.Code`, 4 digits): [first, last, slug], most specific first. */
const OPM_SERIES: [number, number, string][] = [
  [201, 299, "human-resources"],
  [318, 318, "office-administration"],
  [340, 340, "project-management"],
  [343, 343, "business-operations"],
  [303, 303, "office-administration"],
  [510, 511, "accounting"],
  [525, 526, "accounting"],
  [544, 544, "payroll"],
  [500, 599, "finance"],
  [602, 602, "medical-doctors"],
  [610, 621, "nursing"],
  [660, 661, "pharmacy"],
  [680, 683, "dental"],
  [630, 649, "allied-health"],
  [600, 699, "healthcare"],
  [800, 899, "engineering"],
  [900, 999, "legal"],
  [1102, 1106, "supply-chain"],
  [1515, 1530, "data-science"],
  [1560, 1560, "data-science"],
  [1550, 1550, "engineering"],
  [1700, 1799, "education"],
  [2000, 2099, "supply-chain"],
  [2100, 2199, "logistics"],
  [2210, 2210, "engineering"],
  [2805, 2810, "electrical"],
  [3703, 3703, "welding"],
  [4206, 4206, "plumbing"],
  [4607, 4607, "carpentry"],
  [5306, 5306, "hvac"],
  [5703, 5703, "driving-and-delivery"],
  [5823, 5823, "automotive"],
  [6907, 6907, "warehouse"],
  [7404, 7404, "kitchen-and-chefs"],
];

const padded = (text: string) =>
  ` ${foldText(text)
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;

/** The first rule matching the text, or null. */
export function categoryOfText(text: string | null | undefined): string | null {
  if (!text?.trim()) return null;
  const t = padded(text);
  for (const [re, slug] of RULES) if (re.test(t)) return slug;
  return null;
}

/** A source's category code: an Adzuna tag (`it-jobs`) or an OPM series (`2210`); undefined when not a known code. */
export function categoryOfCode(code: string | null | undefined): string | null | undefined {
  if (!code) return undefined;
  const c = code.trim().toLowerCase();
  if (c in ADZUNA_TAGS) return ADZUNA_TAGS[c] ?? null;
  if (/^\d{4}$/.test(c)) {
    const n = Number(c);
    return OPM_SERIES.find(([a, b]) => n >= a && n <= b)?.[2] ?? null;
  }
  return undefined;
}

export interface CategoryHints {
  /** The source's category code (Adzuna tag, OPM series), when it has one. */
  code?: string | null;
  /** The source's category words, best first (category, department, team). */
  texts: (string | null | undefined)[];
  title: string;
}

/** The slug of a posting's category (see the top of this file), or null. */
export function categorySlugOf(hints: CategoryHints): string | null {
  const coded = categoryOfCode(hints.code);
  let source: string | null = coded ?? null;
  if (coded === undefined) {
    for (const t of hints.texts) {
      source = categoryOfText(t);
      if (source) break;
    }
  }
  const fromTitle = categoryOfText(hints.title);
  if (!source) return fromTitle;
  // The title refines the source's top-level category (`Engineering` → `backend`), never contradicts it.
  if (fromTitle && PARENT.get(fromTitle) === source) return fromTitle;
  return source;
}
