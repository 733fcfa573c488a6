/**
 * `/openapi.json` (generated from the route schemas) and `/docs`, an interactive
 * reference (Swagger UI) whose script and styles are served from this Worker's
 * static assets, so it works offline and under a CSP that allows only 'self'.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { type AppEnv, isDevelopment } from "../../env";
import { securitySchemes } from "../../lib/openapi";
import { access } from "../../middleware/auth";

export const OPENAPI_TAGS = [
  { name: "Health", description: "Liveness and readiness probes." },
  { name: "Docs", description: "This document and the interactive reference." },
  { name: "Auth", description: "Registration, login, tokens and the caller's account." },
  { name: "Admin", description: "Administration: users, moderation, audit log, email log (admin only)." },
  { name: "Development", description: "Routes that exist only in development." },
  { name: "Notifications", description: "The notification center and notification preferences." },
  { name: "Realtime", description: "WebSocket channel for live notifications and unread counts." },
  { name: "Companies", description: "Companies, their members, logos and published jobs." },
  { name: "Reviews", description: "Company reviews, helpful votes, company responses and reports." },
  { name: "Categories", description: "The job category tree." },
  {
    name: "Applications",
    description: "Applying to jobs and the hiring pipeline: statuses, notes, bulk changes, export.",
  },
  { name: "Interviews", description: "Scheduling interviews, responses and calendar files." },
  { name: "Dashboard", description: "Per-role summaries for the signed-in user." },
  { name: "Analytics", description: "Platform analytics for admins." },
  { name: "Profiles", description: "Seeker and employer profiles, their sections, skills and JSON Resume." },
  { name: "Resumes", description: "Resume files: upload, parsing, downloads and share links." },
  { name: "Skills", description: "The skills taxonomy and its autocomplete." },
  { name: "Files", description: "Public images (avatars, logos), content-addressed and cached." },
  { name: "Jobs", description: "Job postings: search, detail with JSON-LD, lifecycle, suggestions, trending." },
  { name: "Employer jobs", description: "Employer tools: all-status lists, analytics, CSV/JSON import and export." },
  { name: "Saved jobs", description: "Seekers' bookmarks." },
  {
    name: "Alerts",
    description:
      "Job alerts: saved searches delivered instantly or as daily/weekly digests, with one-click unsubscribe.",
  },
];

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

  const cache = new Map<string, string>();
  app.get("/openapi.json", access({ public: true }), (c) => {
    const dev = isDevelopment(c.env);
    const origin = new URL(c.req.url).origin;
    const key = `${dev ? "dev" : "prod"} ${origin}`;
    let json = cache.get(key);
    if (json === undefined) {
      const doc = app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "Job Board API",
          version: "1.0.0",
          description:
            "The edge-native job board API. Errors are RFC 9457 `application/problem+json`; lists use cursor pagination.",
        },
        servers: [{ url: origin, description: "This server" }],
        tags: dev ? OPENAPI_TAGS : OPENAPI_TAGS.filter((t) => t.name !== "Development"),
      });
      if (!dev && doc.paths) {
        for (const path of Object.keys(doc.paths)) if (path.startsWith(DEV_ONLY_PREFIX)) delete doc.paths[path];
      }
      json = JSON.stringify(doc);
      if (cache.size >= MAX_CACHED_DOCUMENTS) cache.clear();
      cache.set(key, json);
    }
    return c.body(json, 200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache" });
  });
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
