/**
 * Types shared by the whole Worker. `Env` (bindings, vars, secrets) is generated
 * from wrangler.toml by `npm run cf-typegen` into worker-configuration.d.ts.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { BearerVerifier } from "../http/access";
import type { Db } from "./db/client";

export type Role = "seeker" | "employer" | "admin";

/** Who is calling, set by the auth middleware when a valid credential is presented. */
export interface AuthContext {
  userId: string;
  role: Role;
  /** Session id for JWT callers; null for API keys. */
  sessionId: string | null;
  /** The API key's id for API-key callers (realtime tickets are tied to it). */
  apiKeyId?: string | null;
  /** Scopes of an API key; null means a full user session (all scopes). */
  scopes: string[] | null;
  /** Whether the caller's email address is verified. */
  emailVerified: boolean;
}

/** Per-request counters for D1 cost, read by the logger. */
export interface DbStats {
  queries: number;
  rowsRead: number;
  rowsWritten: number;
}

export interface AppVariables {
  requestId: string;
  auth: AuthContext | undefined;
  db: Db;
  dbStats: DbStats;
  /** Set by `provideCredentials` (src/http/access.ts): how a bearer token becomes a caller. */
  verifyBearer: BearerVerifier | undefined;
  /** Set in src/app.ts (the billing module's): what publishing a job costs. */
  postingGate?: PostingGate;
  /** Set by the lazy mount (src/app.ts): the pattern of the route that answered, for logs and metrics. */
  route?: string;
}

/**
 * The statements that pay for publishing `job` (none when it is free), run in
 * the publication's own batch after the job's update, so a publication and its
 * payment commit together. It throws a problem (e.g. `402`) when the company
 * cannot pay. The jobs module calls it; the billing module provides it, so
 * neither imports the other.
 */
export type PostingGate = (
  db: Db,
  env: Env,
  job: { id: string; companyId: string },
  now: number,
) => Promise<BatchItem<"sqlite">[]>;

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}

export function isDevelopment(env: Pick<Env, "ENVIRONMENT">): boolean {
  return env.ENVIRONMENT === "development" || env.ENVIRONMENT === "test";
}
