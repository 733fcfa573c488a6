/**
 * RFC 9457 problem details. Every error the API sends goes through here so the
 * shape is identical everywhere: `{ type, title, status, detail, request_id, errors? }`.
 */
export const PROBLEM_BASE = "https://jobboard.dev/problems/";

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  request_id?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? "Error";
}

/**
 * An error that becomes a problem+json response. Throw it from anywhere in a
 * request (handlers, services, middleware); `app.onError` renders it.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly slug: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    status: number,
    slug: string,
    detail: string,
    options: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.slug = slug;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }
}

export const notFound = (what = "Resource") => new ApiError(404, "not-found", `${what} not found.`);
export const forbidden = (detail = "You are not allowed to do this.") => new ApiError(403, "forbidden", detail);
export const conflict = (slug: string, detail: string) => new ApiError(409, slug, detail);
export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ApiError(400, "validation-error", detail, errors ? { errors } : {});
export const unauthorized = (detail = "Authentication is required.", slug = "unauthorized") =>
  new ApiError(401, slug, detail, { headers: { "WWW-Authenticate": 'Bearer realm="api"' } });

/** Builds the problem+json body. */
export function problemBody(
  status: number,
  slug: string,
  detail: string,
  requestId: string | undefined,
  extra: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): ProblemBody {
  const body: ProblemBody = {
    ...extra.extensions,
    type: `${PROBLEM_BASE}${slug}`,
    title: statusTitle(status),
    status,
    detail,
  };
  if (requestId) body.request_id = requestId;
  if (extra.errors) body.errors = extra.errors;
  return body;
}

/** A complete problem+json Response. */
export function problemResponse(
  status: number,
  slug: string,
  detail: string,
  requestId: string | undefined,
  extra: {
    errors?: FieldError[];
    headers?: Record<string, string>;
    extensions?: Record<string, unknown>;
  } = {},
): Response {
  const headers = new Headers(extra.headers);
  headers.set("Content-Type", "application/problem+json; charset=utf-8");
  if (requestId) headers.set("X-Request-Id", requestId);
  return new Response(JSON.stringify(problemBody(status, slug, detail, requestId, extra)), {
    status,
    headers,
  });
}

/** Turns zod issues into `errors[]` entries with dotted paths (`salary.min`, `skills.0.name`). */
/** Start of the message of an unknown query parameter (the rest lists the allowed ones). */
export const UNKNOWN_QUERY_PARAMETER = "Unknown query parameter.";

export function zodIssuesToErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: string[] }>,
): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys" && issue.keys?.length) {
      for (const key of issue.keys) {
        // A query schema (see strictQuery) says which parameters exist; bodies just say "Unknown field."
        const message = issue.message.startsWith(UNKNOWN_QUERY_PARAMETER) ? issue.message : "Unknown field.";
        out.push({ path: base ? `${base}.${key}` : key, message });
      }
      continue;
    }
    out.push({ path: base, message: issue.message });
  }
  return out;
}
