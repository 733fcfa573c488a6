/**
 * Shared OpenAPI pieces: the router factory with our validation hook, the
 * problem+json schema, and helpers that keep route definitions short.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, UNKNOWN_QUERY_PARAMETER, zodIssuesToErrors } from "./problem";

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
  403: "Authenticated but not allowed",
  404: "Not found or not visible to the caller",
  405: "Method not allowed",
  409: "Conflict (duplicate, or a state transition that is not allowed)",
  413: "Body or file too large",
  415: "Unsupported media type",
  429: "Rate limited (see Retry-After)",
  503: "A dependency is unavailable",
};

/** `...errorResponses(400, 401, 404)` in a route's `responses`. */
export function errorResponses<const S extends number>(...statuses: S[]) {
  const out = {} as Record<
    S,
    { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } }
  >;
  for (const s of statuses) {
    out[s] = {
      description: DESCRIPTIONS[s] ?? "Error",
      content: { "application/problem+json": { schema: ProblemSchema } },
    };
  }
  return out;
}

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

export const bearerSecurity = [{ bearerAuth: [] as string[] }];

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
