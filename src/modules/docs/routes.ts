/**
 * `/openapi.json` (generated from the route schemas) and `/docs`, an interactive
 * reference (Swagger UI) whose script and styles are served from this Worker's
 * static assets, so it works offline and under a CSP that allows only 'self'.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { AppEnv } from "../../env";

export const OPENAPI_TAGS = [
  { name: "Health", description: "Liveness and readiness probes." },
  { name: "Auth", description: "Registration, login, tokens and the caller's account." },
  { name: "Development", description: "Routes that exist only in development." },
  { name: "Jobs", description: "Job postings: search, detail with JSON-LD, lifecycle, suggestions, trending." },
  { name: "Employer jobs", description: "Employer tools: all-status lists, analytics, CSV/JSON import and export." },
  { name: "Saved jobs", description: "Seekers' bookmarks." },
  { name: "Admin", description: "Administration and moderation (admins only)." },
];

export function registerOpenApi(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A JWT access token from `POST /api/v1/auth/login`, or an API key (`jb_…`).",
  });
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Job Board API",
      version: "1.0.0",
      description:
        "The edge-native job board API. Errors are RFC 9457 `application/problem+json`; lists use cursor pagination.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: new URL(c.req.url).origin, description: "This server" }],
    tags: OPENAPI_TAGS,
  }));
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

export const docsRouter = new Hono<AppEnv>().get("/docs", (c) =>
  c.html(DOCS_HTML, 200, { "Content-Security-Policy": DOCS_CSP, "Cache-Control": "public, max-age=300" }),
);
