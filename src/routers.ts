/**
 * Every router and the path prefix it is mounted at, in mounting order, each
 * loaded with `import()`: nothing here evaluates a route module (and so builds
 * no zod schema and registers no route) until something asks for it. esbuild
 * turns each dynamic import of a bundled file into a lazily initialised closure,
 * so this works without code splitting.
 *
 * `keys` are the first path segments (after `/api/v1/` for API paths) the
 * router's routes start with: the lazy app (src/app.ts) loads, on the first
 * request to a key, every router that declares it, and mounts them in this order
 * (order decides between overlapping paths, e.g. `/jobs/suggest` before
 * `/jobs/{id}`). test/lazy-routers.test.ts checks the keys against the routes.
 */
import type { Hono } from "hono";
import type { Schema } from "hono/types";
import type { AppEnv } from "./platform/env";

/** A zod-openapi router, or a plain Hono one (docs, pages, files…). */
export type MountedRouter = Hono<AppEnv, Schema, "/">;

export interface RouterMount {
  /** Where `app.route(prefix, router)` mounts it. */
  prefix: string;
  /** The first segments of its full paths: `"api/v1/jobs"`, `"health"`, `""` for `/`. */
  keys: readonly string[];
  load: () => Promise<MountedRouter>;
}

export const ROUTER_MOUNTS: readonly RouterMount[] = [
  { prefix: "/", keys: ["health"], load: async () => (await import("./modules/health/routes")).healthRouter },
  { prefix: "/", keys: ["docs"], load: async () => (await import("./modules/docs/routes")).docsRouter },
  {
    prefix: "/",
    keys: ["verify-email", "reset-password", "resumes"],
    load: async () => (await import("./modules/pages/routes")).pagesRouter,
  },
  {
    prefix: "/api/v1/auth",
    keys: ["api/v1/auth"],
    load: async () => (await import("./modules/accounts/routes")).authRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/unsubscribe", "api/v1/alerts"],
    load: async () => (await import("./modules/unsubscribe/routes")).unsubscribeRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/notifications", "api/v1/realtime"],
    load: async () => (await import("./modules/notifications/routes")).notificationsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/alerts"],
    load: async () => (await import("./modules/alerts/routes")).alertsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/jobs", "api/v1/applications"],
    load: async () => (await import("./modules/applications/routes")).applicationsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/applications", "api/v1/interviews"],
    load: async () => (await import("./modules/applications/routes-interviews")).interviewsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/companies"],
    load: async () => (await import("./modules/applications/routes-candidates")).candidatesRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/messages", "api/v1/applications"],
    load: async () => (await import("./modules/messages/routes")).messagesRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/applications", "api/v1/candidate-ratings", "api/v1/users"],
    load: async () => (await import("./modules/ratings/routes")).ratingsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/dashboard"],
    load: async () => (await import("./modules/dashboard/routes")).dashboardRouter,
  },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/analytics/routes-admin")).analyticsAdminRouter,
  },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/accounts/routes-admin")).adminUsersRouter,
  },
  { prefix: "/", keys: ["dev"], load: async () => (await import("./modules/dev/routes")).devRouter },
  {
    prefix: "/api/v1/companies",
    keys: ["api/v1/companies"],
    load: async () => (await import("./modules/companies/routes")).companiesRouter,
  },
  {
    prefix: "/api/v1/companies",
    keys: ["api/v1/companies"],
    load: async () => (await import("./modules/search/routes-companies")).companyJobsRouter,
  },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/companies/routes-admin")).companiesAdminRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/companies", "api/v1/reviews"],
    load: async () => (await import("./modules/reviews/routes")).reviewsRouter,
  },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/reviews/routes-admin")).reportsAdminRouter,
  },
  {
    prefix: "/api/v1/categories",
    keys: ["api/v1/categories"],
    load: async () => (await import("./modules/categories/routes")).categoriesRouter,
  },
  { prefix: "/", keys: ["files"], load: async () => (await import("./modules/files/routes")).filesRouter },
  {
    prefix: "/api/v1",
    keys: ["api/v1/users", "api/v1/profile"],
    load: async () => (await import("./modules/profiles/routes")).profilesRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/resumes", "api/v1/jobs"],
    load: async () => (await import("./modules/resume-builder/routes")).resumeBuilderRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/resumes"],
    load: async () => (await import("./modules/resumes/routes")).resumesRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/skills"],
    load: async () => (await import("./modules/skills/routes")).skillsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/jobs"],
    load: async () => (await import("./modules/search/routes")).jobsSearchRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/jobs", "api/v1/admin"],
    load: async () => (await import("./modules/jobs/routes-recommend")).jobsRecommendRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/employer", "api/v1/jobs"],
    load: async () => (await import("./modules/jobs/routes-employer")).employerJobsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/jobs"],
    load: async () => (await import("./modules/analytics/routes-jobs")).jobAnalyticsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/jobs", "api/v1/saved-jobs"],
    load: async () => (await import("./modules/saved-jobs/routes")).savedJobsRouter,
  },
  { prefix: "/api/v1", keys: ["api/v1/jobs"], load: async () => (await import("./modules/jobs/routes")).jobsRouter },
  {
    prefix: "/api/v1",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/jobs/routes-admin")).adminJobsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/calendar"],
    load: async () => (await import("./modules/calendar/routes")).calendarRouter,
  },
  { prefix: "/", keys: ["calendar"], load: async () => (await import("./modules/calendar/routes")).calendarFeedRouter },
  {
    prefix: "/",
    keys: ["", "jobs", "companies", "jobs.rss", "jobs.atom", "feeds", "robots.txt", "sitemap.xml", "sitemaps"],
    load: async () => (await import("./modules/pages/routes-public")).publicPagesRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/webhook-endpoints"],
    load: async () => (await import("./modules/webhooks/routes")).webhooksRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/billing", "api/v1/companies"],
    load: async () => (await import("./modules/billing/routes")).billingRouter,
  },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/billing/routes-admin")).billingAdminRouter,
  },
  { prefix: "/", keys: ["billing"], load: async () => (await import("./modules/billing/routes")).billingPagesRouter },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/operations/routes-admin")).operationsAdminRouter,
  },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/ingestion/routes")).ingestionAdminRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/dashboard"],
    load: async () => (await import("./modules/dashboard/routes-charts")).dashboardChartsRouter,
  },
  {
    prefix: "/api/v1",
    keys: ["api/v1/jobs"],
    load: async () => (await import("./modules/analytics/routes-charts")).jobChartsRouter,
  },
  {
    prefix: "/api/v1/admin",
    keys: ["api/v1/admin"],
    load: async () => (await import("./modules/analytics/routes-charts")).adminChartsRouter,
  },
  { prefix: "/", keys: ["market"], load: async () => (await import("./modules/pages/routes-market")).marketPageRouter },
];

/** The key of a request path: its first segment, or `api/v1/` and the next one. */
export function routerKey(path: string): string {
  const segments = path.split("/");
  return segments[1] === "api" && segments[2] === "v1" ? `api/v1/${segments[3] ?? ""}` : (segments[1] ?? "");
}

/** The mounts of `key`, in mounting order. */
export function mountsOf(key: string): RouterMount[] {
  return ROUTER_MOUNTS.filter((m) => m.keys.includes(key));
}

/** Every key, in order of first appearance. */
export function routerKeys(): string[] {
  return [...new Set(ROUTER_MOUNTS.flatMap((m) => m.keys))];
}
