/**
 * A deterministic data set for the search tests plus a brute-force reference
 * implementation of every filter, so results and facet counts can be checked
 * against plain JavaScript over the same rows.
 */
import type { JobRow } from "../../src/platform/db/schema";
import { makeCategory, makeCompany, makeJob } from "../factories";

const DAY = 86_400_000;

export interface Dataset {
  jobs: JobRow[];
  visible: JobRow[];
  companies: Array<{ id: string; slug: string; name: string }>;
  categories: {
    root: { id: string; slug: string };
    backend: { id: string };
    frontend: { id: string };
    sales: { id: string };
  };
}

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const CITIES = [
  { city: "Berlin", region: "Berlin", country: "Germany", lat: 52.52, lng: 13.405 },
  { city: "Potsdam", region: "Brandenburg", country: "Germany", lat: 52.39, lng: 13.065 },
  { city: "Munich", region: "Bavaria", country: "Germany", lat: 48.137, lng: 11.575 },
  { city: "Paris", region: "Île-de-France", country: "France", lat: 48.857, lng: 2.352 },
  { city: "Austin", region: "Texas", country: "United States", lat: 30.267, lng: -97.743 },
];
const TITLES = ["Backend Engineer", "Frontend Developer", "Data Analyst", "Account Executive", "DevOps Engineer"];
const SKILLS = ["Go", "TypeScript", "SQL", "Kubernetes", "React", "Salesforce"];
const TYPES = ["full_time", "part_time", "contract", "internship"] as const;
const LEVELS = ["entry", "mid", "senior", "lead"] as const;
const PERIODS = ["year", "month", "hour"] as const;

export async function buildDataset(n = 48, seed = 7): Promise<Dataset> {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const companies = [
    await makeCompany({ name: "Acme", verified: true }),
    await makeCompany({ name: "Globex", verified: true }),
    await makeCompany({ name: "Initech", verified: true }),
  ];
  const root = await makeCategory({ name: "Engineering" });
  const backend = await makeCategory({ name: "Backend", parentId: root.id });
  const frontend = await makeCategory({ name: "Frontend", parentId: root.id });
  const sales = await makeCategory({ name: "Sales" });
  const now = Date.now();
  const jobs: JobRow[] = [];
  for (let i = 0; i < n; i++) {
    const loc = pick(CITIES);
    const period = pick(PERIODS);
    const hasSalary = rand() > 0.15;
    const base =
      period === "year"
        ? 30_000 + Math.floor(rand() * 150) * 1000
        : period === "month"
          ? 2500 + Math.floor(rand() * 100) * 100
          : 15 + Math.floor(rand() * 80);
    const status = i % 16 === 5 ? "draft" : i % 16 === 9 ? "closed" : "published";
    const publishedAt = status === "draft" ? null : now - Math.floor(rand() * 40) * DAY - i * 1000;
    const expired = i % 16 === 13; // published but past its expiry: never visible
    jobs.push(
      await makeJob({
        companyId: pick(companies).id,
        categoryId: pick([backend.id, frontend.id, sales.id, root.id, null]),
        title: pick(TITLES),
        description: `Join us. ${pick(["Great team", "Fast growth", "Remote friendly"])}.`,
        ...loc,
        ...(rand() > 0.8 ? { city: null, region: null, lat: null, lng: null } : {}),
        isRemote: rand() > 0.6,
        jobType: pick(TYPES),
        experienceLevel: pick(LEVELS),
        salaryMin: hasSalary ? base : null,
        salaryMax: hasSalary && rand() > 0.3 ? Math.round(base * 1.3) : null,
        salaryCurrency: hasSalary ? pick(["EUR", "EUR", "USD"]) : null,
        salaryPeriod: hasSalary ? period : null,
        skills: SKILLS.filter(() => rand() > 0.6),
        isFeatured: rand() > 0.8,
        status,
        publishedAt,
        expiresAt: expired ? now - DAY : now + 30 * DAY,
        // Ties on published_at exercise the id tiebreaker.
        ...(i % 7 === 0 && publishedAt ? { publishedAt: now - 3 * DAY } : {}),
      }),
    );
  }
  const visible = jobs.filter((j) => j.status === "published" && (j.expiresAt ?? Infinity) > now);
  return { jobs, visible, companies, categories: { root, backend, frontend, sales } };
}

export type Params = Record<string, string>;

const km = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => {
  const r = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lng - a.lng) / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
};

export const highKey = (j: JobRow) => j.salaryMaxYearly ?? j.salaryMinYearly ?? -1;
export const lowKey = (j: JobRow) => j.salaryMinYearly ?? j.salaryMaxYearly ?? 999999999999;

/** The reference filter, mirroring the documented semantics; `omit` drops one facet's filter. */
export function matches(j: JobRow, p: Params, ds: Dataset, omit?: string): boolean {
  if (p.category && omit !== "category") {
    const tree: Record<string, string[]> = {
      [ds.categories.root.id]: [ds.categories.root.id, ds.categories.backend.id, ds.categories.frontend.id],
    };
    const ids = tree[p.category] ?? [p.category];
    if (!j.categoryId || !ids.includes(j.categoryId)) return false;
  }
  if (p.company && omit !== "company" && j.companyId !== p.company) return false;
  if (p.location && omit !== "location") {
    for (const part of p.location
      .toLowerCase()
      .split(",")
      .map((s) => s.trim())) {
      if (![j.city, j.region, j.country].some((v) => v?.toLowerCase() === part)) return false;
    }
  }
  if (p.lat) {
    if (j.lat === null || j.lng === null) return false;
    if (km({ lat: Number(p.lat), lng: Number(p.lng) }, { lat: j.lat, lng: j.lng }) > Number(p.radius_km ?? 50))
      return false;
  }
  if (p.remote && omit !== "remote" && j.isRemote !== (p.remote === "true")) return false;
  if (p.job_type && omit !== "job_type" && !p.job_type.split(",").includes(j.jobType)) return false;
  if (p.experience_level && omit !== "experience_level" && !p.experience_level.split(",").includes(j.experienceLevel))
    return false;
  if (omit !== "salary") {
    if (p.salary_min && highKey(j) < Number(p.salary_min)) return false;
    if (p.salary_max && lowKey(j) > Number(p.salary_max)) return false;
  }
  if (p.currency && j.salaryCurrency !== p.currency) return false;
  if (p.skills) {
    const have = new Set(j.skills.map((s) => s.name.toLowerCase()));
    if (!p.skills.split(",").every((s) => have.has(s.toLowerCase()))) return false;
  }
  if (p.posted_within && (j.publishedAt ?? 0) < Date.now() - Number(p.posted_within) * 86_400_000) return false;
  if (p.featured && j.isFeatured !== (p.featured === "true")) return false;
  return true;
}

export function qs(p: Params): string {
  return new URLSearchParams(p).toString();
}
