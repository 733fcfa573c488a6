/**
 * An alert's query ↔ `GET /jobs`. The alert is written out as the query string
 * a client would send to `GET /jobs` and parsed with that route's own schema
 * (`SearchQuery`), so trimming, lower-casing, de-duplication and every filter
 * are literally the search's code, not a copy of it.
 */
import { type AlertQuery, JOB_TYPES } from "../../platform/db/schema";
import { SearchQuery, type SearchQueryInput } from "../search";
import type { AlertQueryInput } from "./schemas";

/** The alert's filters as `GET /jobs` query parameters (only the ones set). */
export function searchParamsOf(query: AlertQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (query.q !== undefined) out.q = query.q;
  if (query.category !== undefined) out.category = query.category;
  if (query.location !== undefined) out.location = query.location;
  if (query.remote !== undefined) out.remote = String(query.remote);
  if (query.job_type?.length) out.job_type = query.job_type.join(",");
  if (query.experience_level?.length) out.experience_level = query.experience_level.join(",");
  if (query.salary_min !== undefined) out.salary_min = String(query.salary_min);
  if (query.skills?.length) out.skills = query.skills.join(",");
  return out;
}

/** The parsed `GET /jobs` parameters of an alert, plus any paging/sorting extras. */
export function toSearchInput(query: AlertQuery, extra: Record<string, string> = {}): SearchQueryInput {
  return SearchQuery.parse({ ...searchParamsOf(query), ...extra });
}

/** `/api/v1/jobs?…`: the same search, for clients and the "see all" link. */
export function searchPath(query: AlertQuery, base = "/api/v1/jobs", extra: Record<string, string> = {}): string {
  const qs = new URLSearchParams({ ...searchParamsOf(query), ...extra }).toString();
  return qs ? `${base}?${qs}` : base;
}

/** Stored form: what the search will actually use (de-duplicated, skills lower-cased). */
export function normalizeQuery(input: AlertQueryInput): AlertQuery {
  const out: AlertQuery = {};
  if (input.q !== undefined) out.q = input.q;
  if (input.category !== undefined) out.category = input.category;
  if (input.location !== undefined) out.location = input.location;
  if (input.remote !== undefined) out.remote = input.remote;
  if (input.job_type) out.job_type = [...new Set(input.job_type)];
  if (input.experience_level) out.experience_level = [...new Set(input.experience_level)];
  if (input.salary_min !== undefined) out.salary_min = input.salary_min;
  if (input.skills) out.skills = [...new Set(input.skills.map((s) => s.toLowerCase()))];
  return out;
}

/** Bit per job type, for the instant-alert prefilter (`mask & bit != 0`); 0 = any type. */
export function jobTypeBit(type: string): number {
  const i = (JOB_TYPES as readonly string[]).indexOf(type);
  return i < 0 ? 0 : 1 << i;
}

export function jobTypeMask(types: readonly string[] | undefined): number {
  return (types ?? []).reduce((m, t) => m | jobTypeBit(t), 0);
}
