/**
 * Shared OpenAPI pieces: the router factory with our validation hook, the
 * problem+json schema, and helpers that keep route definitions short.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, zodIssuesToErrors } from "./problem";

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
  412: "Precondition failed: If-Match does not match the resource's current ETag (nothing was changed)",
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

/** A router whose validation failures become `400` problem+json with `errors[]`. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError(400, "validation-error", "The request is invalid.", {
          errors: zodIssuesToErrors(result.error.issues),
        });
      }
    },
  });
}

export type Router = ReturnType<typeof createRouter>;
