/**
 * Shared OpenAPI pieces: the router factory with our validation hook, the
 * problem+json schema, and helpers that keep route definitions short.
 */
import { createRoute, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { AppEnv } from "../platform/env";
import { type Access, access } from "./access";
import { type Deprecation, deprecated } from "./deprecation";
import { etag } from "./etag";
import { type BodyLimit, bodyLimit } from "./middleware/body-limit";
import { jsonText } from "./middleware/json-text";
import { ApiError, type FieldError, problemBody, UNKNOWN_QUERY_PARAMETER, zodIssuesToErrors } from "./problem";
import { rateLimitOf } from "./rate-limit";
import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS } from "./scopes";

export const ProblemSchema = z
  .object({
    type: z.string().url().openapi({ example: "https://jobboard.dev/problems/validation-error" }),
    title: z.string().openapi({ example: "Bad Request" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: "The request is invalid." }),
    request_id: z.string().optional().openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ example: [{ path: "salary.min", message: "Too small: expected number to be >=0" }] }),
  })
  .openapi("Problem");

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (schema violation, malformed JSON, unknown field)",
  401: "Not authenticated",
  402: "Payment required (e.g. no posting credit left)",
  403: "Authenticated but not allowed",
  404: "Not found or not visible to the caller",
  405: "Method not allowed",
  409: "Conflict (duplicate, or a state transition that is not allowed)",
  410: "Gone: an expired link, or a sync that starts before the retention window of deletions (read the list in full again)",
  412: "Precondition failed: If-Match does not match the resource's current ETag (nothing was changed)",
  413: "Body or file too large",
  415: "Unsupported media type",
  429: "Rate limited (see Retry-After)",
  503: "A dependency is unavailable",
};

type ProblemExample = [slug: string, detail: string, errors?: FieldError[]];

/**
 * What each status really looks like, with the slugs the code throws (`new ApiError(…)`),
 * so the reference shows a 401 as `unauthorized`/`invalid-token`, not as a validation error.
 * The first entry of each status is the one Swagger UI shows first.
 */
const EXAMPLES: Record<number, ProblemExample[]> = {
  400: [
    [
      "validation-error",
      "The request is invalid.",
      [{ path: "salary.min", message: "Too small: expected number to be >=0" }],
    ],
    ["malformed-request", "The request body is not valid JSON."],
  ],
  401: [
    ["unauthorized", "Authentication is required."],
    ["invalid-token", "The access token is invalid or expired."],
  ],
  403: [
    ["forbidden-role", "This action requires the role employer."],
    ["forbidden", "You are not allowed to do this."],
  ],
  402: [["posting-credit-required", "Publishing needs a posting credit or a plan allowance; none is left."]],
  404: [["not-found", "Not found."]],
  405: [["method-not-allowed", "PUT is not allowed here. Allowed: GET, HEAD, PATCH."]],
  409: [
    ["conflict", "The report could not be recorded."],
    ["already-applied", "You have already applied to this job."],
    ["invalid-transition", "An application cannot move from hired to screening."],
  ],
  410: [
    ["link-expired", "This link has expired."],
    [
      "sync-cursor-expired",
      "Deletions are kept for 30 days and this sync starts earlier (2025-01-01T00:00:00.000Z). Read the whole list again without updated_since, then sync from the time of that read.",
    ],
  ],
  413: [
    ["payload-too-large", "The request body exceeds 1048576 bytes."],
    ["file-too-large", "The file exceeds the limit of 5 MB."],
  ],
  415: [["unsupported-media-type", "Send text/csv or application/json."]],
  429: [["rate-limited", "Too many requests. Try again later."]],
};

/** Named problem+json examples for one status (`{ slug: { summary, value } }`). */
export function problemExamples(status: number) {
  const list = EXAMPLES[status] ?? [["error", DESCRIPTIONS[status] ?? "Error"]];
  return Object.fromEntries(
    list.map(([slug, detail, errors]) => [
      slug,
      { summary: slug, value: problemBody(status, slug, detail, "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b", { errors }) },
    ]),
  );
}

/** `...errorResponses(400, 401, 404)` in a route's `responses`, each with its real problem types as examples. */
export function errorResponses<const S extends number>(...statuses: S[]) {
  const out = {} as Record<
    S,
    {
      description: string;
      content: {
        "application/problem+json": {
          schema: typeof ProblemSchema;
          examples: Record<string, { summary: string; value: unknown }>;
        };
      };
    }
  >;
  for (const s of statuses) {
    out[s] = {
      description: DESCRIPTIONS[s] ?? "Error",
      content: { "application/problem+json": { schema: ProblemSchema, examples: problemExamples(s) } },
    };
  }
  return out;
}

/** `304 Not Modified`, which `defineRoute` adds to GET routes declared with `etag: true`. */
const notModifiedResponse = {
  304: {
    description: "Not modified: the `If-None-Match` ETag still matches (no body)",
    headers: { ETag: { description: "The current ETag", schema: { type: "string" as const } } },
  },
};

/** A required JSON request body (missing or non-JSON bodies are rejected). */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    description,
    content: { "application/json": { schema } },
  } as const;
}

/** A JSON response entry for `responses`. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

/**
 * `createRoute` plus a required `access` declaration (see `Access` in
 * src/http/access.ts) and an optional `bodyLimit` (src/http/middleware/body-limit.ts).
 * From them the route gets:
 * - its middleware, in this order (route middleware precedes the param/query/body
 *   validators): `access`, which authenticates and authorizes first; the route's
 *   own `middleware:` (guards, rate limits); the body cap (`bodyLimit`, or the
 *   default `MAX_BODY_BYTES`); `jsonText` (src/http/middleware/json-text.ts: UTF-8
 *   and NUL checks on JSON bodies); then rate limits whose key reads the body
 *   (`readsBody`), so nothing reads an uncapped body;
 * - `security`: `[]` for public routes; `bearerAuth` (sessions) and
 *   `apiKeyAuth` naming the required scope (OpenAPI 3.1 allows role names
 *   for non-OAuth schemes) for the others; `{}` first when anonymous is allowed;
 * - the `401` / `403` responses and a line in the description saying who may call it;
 * - the `429` response when its `middleware:` holds a `rateLimit(rule)`, the only
 *   way a route is rate limited (src/http/rate-limit.ts).
 *
 * A route cannot be declared without `access`, so a new route cannot forget
 * authorization; test/access-matrix.test.ts checks every route in the app.
 *
 * `etag: true` (single resources) attaches the `etag` middleware (src/http/etag.ts):
 * the handler answers `c.json(body, 200)` as usual and gets an ETag, and on a GET
 * `If-None-Match` → `304`, which is then also declared in `responses`.
 */
export function defineRoute<
  P extends string,
  R extends Omit<RouteConfig, "path" | "security" | "deprecated"> & {
    path: P;
    access: Access;
    etag?: true;
    bodyLimit?: BodyLimit;
    /** Marks the operation deprecated and sends Deprecation/Sunset/Link headers (src/http/deprecation.ts). */
    deprecated?: Deprecation;
  },
>(config: R) {
  const { access: rule, etag: tagged, bodyLimit: limit, deprecated: deprecation, ...route } = config;
  const extra = route.middleware ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware]) : [];
  const readsBody = (mw: unknown) => rateLimitOf(mw)?.readsBody === true;
  const limited = extra.some((mw) => rateLimitOf(mw) !== undefined);
  const errors = {
    ...("public" in rule ? {} : errorResponses(...authStatuses(rule))),
    ...(limited ? errorResponses(429) : {}),
  };
  const notModified = tagged && route.method === "get" ? notModifiedResponse : {};
  const line = describeAccess(rule);
  const built = {
    ...route,
    description: line ? (route.description ? `${route.description}\n\n${line}` : line) : route.description,
    security: securityOf(rule),
    ...(deprecation ? { deprecated: true } : {}),
    responses: { ...route.responses, ...notModified, ...errors },
    // Authentication first, then rate limits that need no body, the body's cap and text,
    // the ETag wrapper, and last the rate limits keyed by the (capped) body.
    middleware: [
      ...(deprecation ? [deprecated(deprecation)] : []),
      access(rule),
      ...extra.filter((mw) => !readsBody(mw)),
      bodyLimit(limit),
      jsonText,
      ...(tagged ? [etag] : []),
      ...extra.filter(readsBody),
    ],
  };
  return createRoute(built as unknown as Defined<R>);
}

/** What `defineRoute` returns, as the handler's types see it: a tagged GET also answers `304`. */
type Defined<R> = Omit<R, "access" | "etag" | "bodyLimit" | "deprecated"> &
  (R extends { etag: true; method: "get" } ? { responses: typeof notModifiedResponse } : unknown);

function authStatuses(rule: Access): (401 | 403)[] {
  if ("public" in rule) return [];
  const forbids = "optional" in rule || "session" in rule || rule.scope !== null || (rule.roles?.length ?? 0) > 0;
  return forbids ? [401, 403] : [401];
}

function securityOf(rule: Access): Record<string, string[]>[] {
  if ("public" in rule) return [];
  if ("optional" in rule) return [{}, { bearerAuth: [] }, { apiKeyAuth: [rule.scope] }];
  if ("session" in rule) return [{ bearerAuth: [] }];
  return [{ bearerAuth: [] }, { apiKeyAuth: rule.scope === null ? [] : [rule.scope] }];
}

function describeAccess(rule: Access): string {
  if ("public" in rule) return "";
  if ("optional" in rule) {
    return (
      `**Access:** anyone. Signed-in callers get a personalised answer; an API key needs \`${rule.scope}\`. ` +
      "An invalid or expired token is `401 invalid-token`: send none rather than a stale one."
    );
  }
  const roles = rule.roles?.length ? ` with the role ${rule.roles.join(" or ")}` : "";
  if ("session" in rule) return `**Access:** a signed-in session${roles}; API keys get \`403 session-required\`.`;
  const key = rule.scope === null ? "any API key" : `API keys with the scope \`${rule.scope}\``;
  return `**Access:** signed-in callers${roles}; ${key}.`;
}

/** The `bearerAuth` and `apiKeyAuth` security schemes, the latter listing every scope. */
export function securitySchemes() {
  const scopes = API_KEY_SCOPES.map((s) => `- \`${s}\`: ${SCOPE_DESCRIPTIONS[s]}`).join("\n");
  return {
    bearerAuth: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: "A JWT access token from `POST /api/v1/auth/login`: a signed-in session, which holds every scope.",
    },
    apiKeyAuth: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "jb_ API key",
      description:
        "An API key (`Authorization: Bearer jb_…`, created with `POST /api/v1/auth/api-keys`). Each operation names " +
        "the one scope a key needs (`403 insufficient-scope` without it); account and security settings are never " +
        `reachable with a key (\`403 session-required\`). \`write\` does not imply \`read\`. Scopes:\n${scopes}`,
    },
  } as const;
}

/**
 * The query schema, refusing unknown parameters like bodies refuse unknown
 * fields: a misspelt filter (`?is_remote=true` for `remote`) must not silently
 * return everything. The error lists the parameters that exist. A schema that
 * is already loose (`z.looseObject`, e.g. an OAuth callback whose provider adds
 * its own parameters) is left as it is.
 */
export function strictQuery<T extends z.ZodType>(schema: T): T {
  if (!(schema instanceof z.ZodObject)) return schema;
  const catchall = schema._zod.def.catchall;
  if (catchall && catchall._zod.def.type !== "never") return schema;
  const allowed = Object.keys(schema.shape).sort();
  const message = `${UNKNOWN_QUERY_PARAMETER} Allowed: ${allowed.join(", ") || "none"}.`;
  // A clone keeps the schema's own refinements and metadata; only unknown keys change.
  const unknownKeys = (iss: { code?: string }) => (iss.code === "unrecognized_keys" ? message : undefined);
  const def = { ...schema._zod.def, catchall: z.never(), error: unknownKeys } as typeof schema._zod.def;
  return schema.clone(def) as unknown as T;
}

/** A router whose validation failures become `400` problem+json with `errors[]`; query schemas are strict. */
export function createRouter() {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError(400, "validation-error", "The request is invalid.", {
          errors: zodIssuesToErrors(result.error.issues),
        });
      }
    },
  });
  // Applied once here, at registration, so every route (present and future) gets it.
  const register = router.openapi.bind(router);
  router.openapi = ((route, ...rest) => {
    const query = route.request?.query;
    const strict = query ? { ...route, request: { ...route.request, query: strictQuery(query) } } : route;
    return register(strict, ...rest);
  }) as typeof router.openapi;
  return router;
}

export type Router = ReturnType<typeof createRouter>;
