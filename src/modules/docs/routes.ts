/**
 * `/openapi.json` (generated from the route schemas) and `/docs`, an interactive
 * reference (Swagger UI) whose script and styles are served from this Worker's
 * static assets, so it works offline and under a CSP that allows only 'self'.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { access } from "../../http/access";
import { securitySchemes } from "../../http/openapi";
import { type AppEnv, isDevelopment } from "../../platform/env";
import { operationsOf, refineDocument } from "./refine";

/** In workflow order (Swagger UI lists groups in this order): sign in, find a job, apply, hire, operate. */
export const OPENAPI_TAGS = [
  { name: "Auth", description: "Registration, login, tokens and the caller's account. Start here." },
  { name: "Jobs", description: "Job postings: search, detail with JSON-LD, lifecycle, suggestions, trending." },
  { name: "Categories", description: "The job category tree." },
  { name: "Skills", description: "The skills taxonomy and its autocomplete." },
  { name: "Companies", description: "Companies, their members, logos and published jobs." },
  { name: "Profiles", description: "Seeker and employer profiles, their sections, skills and JSON Resume." },
  { name: "Resumes", description: "Resume files: upload, parsing, downloads and share links." },
  { name: "Saved jobs", description: "Seekers' bookmarks." },
  {
    name: "Webhooks",
    description:
      "Signed outgoing webhooks (Standard Webhooks): endpoints, delivery logs, redelivery, secret rotation. See docs/webhooks.md.",
  },
  {
    name: "Billing",
    description:
      "Paid postings with Stripe: products, Checkout, the signed Stripe webhook, credits, plans, invoices. See docs/billing.md.",
  },
  {
    name: "Alerts",
    description:
      "Job alerts: saved searches delivered instantly or as daily/weekly digests, with one-click unsubscribe.",
  },
  {
    name: "Applications",
    description: "Applying to jobs and the hiring pipeline: statuses, notes, bulk changes, export.",
  },
  { name: "Interviews", description: "Scheduling interviews, responses and calendar files." },
  {
    name: "Messages",
    description: "Per-application threads between the applicant and the company: attachments, read receipts, blocking.",
  },
  { name: "Candidate ratings", description: "Employers' ratings of the candidates they hired, and the answers." },
  { name: "Employer jobs", description: "Employer tools: all-status lists, analytics, CSV/JSON import and export." },
  { name: "Reviews", description: "Company reviews, helpful votes, company responses and reports." },
  { name: "Notifications", description: "The notification center and notification preferences." },
  { name: "Realtime", description: "WebSocket channel for live notifications and unread counts." },
  {
    name: "Unsubscribe",
    description:
      "The one-click unsubscribe link of every non-security email (RFC 8058): GET describes, POST unsubscribes.",
  },
  { name: "Dashboard", description: "Per-role summaries for the signed-in user." },
  { name: "Files", description: "Public images (avatars, logos), content-addressed and cached." },
  { name: "Admin", description: "Administration: users, moderation, audit log, email log (admin only)." },
  { name: "Analytics", description: "Platform analytics for admins." },
  {
    name: "Charts",
    description: "The dashboard's and analytics' series as accessible SVG charts (`…/chart.svg?metric=`).",
  },
  { name: "Operations", description: "Cron task runs, dead letters and operational bindings (admin only)." },
  {
    name: "Ingestion",
    description:
      "Job ingestion from ATS boards, job search APIs and feeds: sources, runs and health (admin only; docs/ingestion.md).",
  },
  { name: "Health", description: "Liveness and readiness probes." },
  { name: "Docs", description: "This document and the interactive reference." },
  {
    name: "Pages",
    description: "Small HTML pages that account emails link to (verify an address, reset a password).",
  },
  { name: "Development", description: "Routes that exist only in development: the outgoing mailbox." },
];

const INTRO =
  "The edge-native job board API. Errors are RFC 9457 `application/problem+json`; lists use cursor pagination.";

/** A newcomer's first steps; the demo accounts and the mailbox exist only in development. */
const GETTING_STARTED = `

## Getting started

1. **Log in.** Open *Auth → POST /api/v1/auth/login*, click **Try it out**, then **Execute**: the example
   body signs in the demo seeker. The demo accounts (seeded by \`npm run dev\`, all email-verified):

   | Role | Email | Password |
   |---|---|---|
   | admin | \`admin@jobboard.test\` | \`Admin-Password-2026\` |
   | employer | \`employer@jobboard.test\` | \`Employer-Password-2026\` |
   | seeker | \`seeker@jobboard.test\` | \`Seeker-Password-2026\` |

2. **Authorize.** Copy \`access_token\` from the response, click **Authorize** (top right) and paste it
   (without \`Bearer\`). It lasts 15 minutes; \`POST /api/v1/auth/refresh\` gives a new one.
3. **Explore.** *Jobs → GET /api/v1/jobs* searches the seeded jobs (every optional filter starts empty).
   The filter box above the list finds operations by tag.

Registering an account of your own sends a verification email: in development it lands in the
[dev mailbox](/dev/mailbox), whose links open small pages on this server.`;

/** Request examples that only make sense where the demo data is seeded. */
const DEV_REQUEST_EXAMPLES: Record<string, unknown> = {
  login: { email: "seeker@jobboard.test", password: "Seeker-Password-2026" },
};

/** Paths that exist only in development; production documents only what it serves. */
const DEV_ONLY_PREFIX = "/dev/";
/** The document is built once per (origin, environment); the bound keeps a spoofed Host from growing it. */
const MAX_CACHED_DOCUMENTS = 8;

export function registerOpenApi(app: OpenAPIHono<AppEnv>): void {
  for (const [name, scheme] of Object.entries(securitySchemes())) {
    app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  }
  // The two routes below are plain handlers (not zod routes), so they are described by hand.
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    tags: ["Docs"],
    summary: "This OpenAPI 3.1 document",
    security: [],
    responses: { 200: { description: "The OpenAPI document", content: { "application/json": { schema: {} } } } },
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/docs",
    operationId: "getDocs",
    tags: ["Docs"],
    summary: "Interactive API reference (HTML)",
    security: [],
    responses: { 200: { description: "The reference page", content: { "text/html": { schema: { type: "string" } } } } },
  });

  registerPages(app);

  const cache = new Map<string, string>();
  app.get("/openapi.json", access({ public: true }), (c) => {
    const dev = isDevelopment(c.env);
    const origin = new URL(c.req.url).origin;
    const key = `${dev ? "dev" : "prod"} ${origin}`;
    let json = cache.get(key);
    if (json === undefined) {
      const generated = app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "Job Board API",
          version: "1.0.0",
          description: dev ? INTRO + GETTING_STARTED : INTRO,
        },
        servers: [{ url: origin, description: "This server" }],
        tags: dev ? OPENAPI_TAGS : OPENAPI_TAGS.filter((t) => t.name !== "Development"),
      });
      // A plain copy: the edits below are in place, and the generator may hand out objects
      // shared with the route registry or between places in the document.
      const doc = JSON.parse(JSON.stringify(generated));
      if (!dev && doc.paths) {
        for (const path of Object.keys(doc.paths)) if (path.startsWith(DEV_ONLY_PREFIX)) delete doc.paths[path];
      }
      if (dev) {
        for (const { op } of operationsOf(doc)) {
          const media = op.requestBody?.content?.["application/json"];
          if (media && op.operationId in DEV_REQUEST_EXAMPLES) media.example = DEV_REQUEST_EXAMPLES[op.operationId];
        }
      }
      json = JSON.stringify(refineDocument(doc));
      if (cache.size >= MAX_CACHED_DOCUMENTS) cache.clear();
      cache.set(key, json);
    }
    return c.body(json, 200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache" });
  });
}

/**
 * The email-link pages (src/modules/pages/routes.ts) are plain HTML handlers: described here.
 * They need no credentials (the token is in the link or the form).
 */
function registerPages(app: OpenAPIHono<AppEnv>): void {
  const html = (description: string) => ({
    description,
    content: { "text/html": { schema: { type: "string" as const } } },
  });
  const token = {
    name: "token",
    in: "query" as const,
    required: true,
    description: "The token from the email link",
    schema: { type: "string" as const, minLength: 20, maxLength: 200 },
  };
  const form = (properties: Record<string, { type: "string"; minLength?: number; maxLength?: number }>) => ({
    required: true,
    content: {
      "application/x-www-form-urlencoded": {
        schema: { type: "object" as const, properties, required: Object.keys(properties) },
      },
    },
  });
  const pages = [
    ["get", "/verify-email", "getVerifyEmailPage", "Page with a button that confirms an email address", [token]],
    ["post", "/verify-email", "submitVerifyEmailPage", "Confirms the address (the page's form) and shows the result"],
    ["get", "/reset-password", "getResetPasswordPage", "Page with a form to choose a new password", [token]],
    ["post", "/reset-password", "submitResetPasswordPage", "Sets the new password (the page's form), shows the result"],
  ] as const;
  for (const [method, path, operationId, summary, parameters] of pages) {
    app.openAPIRegistry.registerPath({
      method,
      path,
      operationId,
      tags: ["Pages"],
      summary,
      security: [],
      ...(parameters ? { parameters: [...parameters] } : {}),
      ...(method === "post"
        ? {
            requestBody:
              path === "/verify-email"
                ? form({ token: { type: "string", minLength: 20, maxLength: 200 } })
                : form({
                    token: { type: "string", minLength: 20, maxLength: 200 },
                    new_password: { type: "string", minLength: 10, maxLength: 128 },
                  }),
          }
        : {}),
      responses: {
        200: html(method === "get" ? "The page" : "The result page"),
        400: html("The link is invalid or expired, or the password was refused (the page says why)"),
      },
    });
  }
}

/** The docs page CSP: scripts and styles from this origin only (Swagger UI needs inline styles). */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Job Board API reference</title>
<link rel="stylesheet" href="/docs/vendor/swagger-ui.css">
<link rel="icon" href="/docs/vendor/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/vendor/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

export const docsRouter = new Hono<AppEnv>().get("/docs", access({ public: true }), (c) =>
  c.html(DOCS_HTML, 200, { "Content-Security-Policy": DOCS_CSP, "Cache-Control": "public, max-age=300" }),
);
