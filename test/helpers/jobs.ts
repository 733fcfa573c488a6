/** Request bodies and cron ticks for the jobs tests (the rows themselves come from ../factories). */
import { env } from "cloudflare:test";

/** A valid `POST /jobs` body. */
export function jobBody(companyId: string, overrides: Record<string, unknown> = {}) {
  return {
    company_id: companyId,
    title: "Backend Engineer",
    description: "Build **APIs** at the edge.",
    job_type: "full_time",
    experience_level: "mid",
    location: { city: "Berlin", country: "Germany", lat: 52.52, lng: 13.405 },
    salary: { min: 60000, max: 80000, currency: "EUR", period: "year" },
    skills: [{ name: "Go" }, { name: "SQL", required: false }],
    ...overrides,
  };
}

/** Runs the five-minute cron tick at a fixed time. */
export async function runFiveMinuteCron(scheduledTime: number) {
  const { createScheduledController, createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
  const worker = (await import("../../src/index")).default;
  const controller = createScheduledController({ cron: "*/5 * * * *", scheduledTime });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}
