/** Ingestion fixtures: sources made through the service, a fake network behind `fetch`, and one-call runs. */
import { env } from "cloudflare:test";
import { vi } from "vitest";
import { type RunOutcome, runIngestion } from "../../src/modules/ingestion/run";
import { type CreateSourceInput, createSource, queueRuns } from "../../src/modules/ingestion/service";
import type { IngestionSourceRow } from "../../src/platform/db/schema";
import { db } from "../factories";
import { captureQueue, envWith } from "./notifications";

export type Route = (request: Request) => Response | Promise<Response>;

/** Serves `routes` (by URL prefix, longest first) instead of the network; everything else is a 404. Returns the requests seen. */
export function serveFeeds(routes: Record<string, Route>) {
  const seen: Request[] = [];
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    seen.push(request);
    const hit = prefixes.find((p) => request.url.startsWith(p));
    const route = hit ? routes[hit] : undefined;
    return route ? route(request) : new Response("not found", { status: 404 });
  });
  return { seen, spy };
}

export const json = (value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { headers: { "content-type": "application/json", ...headers } });

export function testEnv() {
  const { sent, queue } = captureQueue();
  return { sent, env: envWith({ EVENTS: queue }) };
}

export function makeSource(input: CreateSourceInput): Promise<IngestionSourceRow> {
  return createSource(db(), testEnv().env, input);
}

/** Queues a manual run of the source and runs it at `now` (what the queue consumer does). */
export async function runSource(
  source: Pick<IngestionSourceRow, "id">,
  now = Date.now(),
): Promise<RunOutcome & { runId: string }> {
  const [run] = await queueRuns(db(), testEnv().env, [source], "manual", now);
  if (!run) throw new Error("no run queued");
  const outcome = await runIngestion(env, { run_id: run.id, source_id: source.id }, { now });
  return { ...outcome, runId: run.id };
}

export async function jobsOfSource(sourceId: string) {
  const { results } = await env.DB.prepare(
    "SELECT j.id, j.title, j.status, j.import_source, j.city, j.country, j.is_remote, j.job_type, j.experience_level, j.salary_min, j.salary_max, j.salary_currency, j.salary_period, j.salary_min_yearly, j.description, j.apply_url, j.company_id, s.external_id, s.missed_runs, s.is_primary FROM job_sources s JOIN jobs j ON j.id = s.job_id WHERE s.source_id = ? ORDER BY s.external_id",
  )
    .bind(sourceId)
    .all<Record<string, unknown>>();
  return results;
}

/** A fixture with its board, company and URLs renamed to `tag`, so tests sharing a file's database do not collide. */
export function tagged<T>(fixture: T, tag: string): T {
  return JSON.parse(
    JSON.stringify(fixture)
      .replaceAll("acmerobotics", tag)
      .replaceAll("Acme Robotics", `Acme ${tag}`)
      .replaceAll("nimbus", tag),
  ) as T;
}
