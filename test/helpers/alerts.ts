/**
 * Worlds and tools for the job alert and reminder tests: alerts created
 * through the service at a fixed clock, jobs published at given times in a
 * category of their own (so tests never see each other's jobs), a captured
 * EVENTS queue, and the cron run through the Worker's scheduled handler.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { DAY, HOUR } from "../../src/lib/time";
import type { CreateAlertInput } from "../../src/modules/alerts/schemas";
import { NotificationEvent, type NotificationEventInput } from "../../src/modules/notifications/events";
import { notify } from "../../src/modules/notifications/notify";
import type { JobRow } from "../../src/platform/db/schema";
import type { QueueMessage } from "../../src/platform/queue/messages";
import { makeAlert, makeCategory, makeCompany, makeJob, signedIn } from "../factories";
import { captureQueue, envWith } from "./notifications";

/** Monday 2030-01-07 12:00 UTC: after that day's daily tick (03:00) and weekly tick (06:00). */
export const T0 = Date.UTC(2030, 0, 7, 12);
/** The daily cron tick (03:00 UTC) `days` days after T0's day. */
export const dailyTick = (days: number) => Date.UTC(2030, 0, 7 + days, 3);
/** The weekly cron tick (Monday 06:00 UTC) `weeks` weeks after T0's Monday. */
export const weeklyTick = (weeks: number) => Date.UTC(2030, 0, 7 + 7 * weeks, 6);
export { DAY, HOUR };

export function alertBody(o: Partial<CreateAlertInput> = {}): CreateAlertInput {
  return { name: "Go jobs", query: { q: "golang" }, frequency: "daily", channels: ["email", "in_app"], ...o };
}

/** A seeker with an alert created at `now` (default T0). */
export async function seekerWithAlert(o: Partial<CreateAlertInput> = {}, now = T0) {
  const seeker = await signedIn({ role: "seeker" });
  const alert = await makeAlert(seeker.user.id, o, now);
  return { seeker, alert };
}

/** A fresh category and company for one test's jobs. */
export async function world() {
  const category = await makeCategory();
  const company = await makeCompany({ name: "Acme Edge", verified: true, website: "https://example.com" });
  return { category, company };
}

/** A published job at `publishedAt`, visible for 60 days. */
export function publishedJob(
  w: { category: { id: string }; company: { id: string } },
  publishedAt: number,
  o: Partial<Omit<JobRow, "skills">> & { skills?: string[] } = {},
) {
  return makeJob({
    companyId: w.company.id,
    categoryId: w.category.id,
    title: "Golang Engineer",
    city: "Berlin",
    country: "Germany",
    publishedAt,
    expiresAt: publishedAt + 60 * DAY,
    ...o,
  });
}

/** The test env with EVENTS captured. */
export function captured() {
  const { sent, queue } = captureQueue();
  return { sent, env: envWith({ EVENTS: queue }) };
}

export async function runCron(cron: string, scheduledTime: number, runEnv: Env = env) {
  const ctx = createExecutionContext();
  const worker = (await import("../../src/index")).default;
  await worker.scheduled(createScheduledController({ cron, scheduledTime }), runEnv, ctx);
  await waitOnExecutionContext(ctx);
}

/** The notification events among captured messages. */
export function dispatched(sent: QueueMessage[]): NotificationEventInput[] {
  return sent.flatMap((m) => (m.type === "notification.dispatch" ? [NotificationEvent.parse(m.event)] : []));
}

/** Runs `notify` for each event, as the consumer would, with EVENTS captured; returns the email messages. */
export async function deliver(events: NotificationEventInput[]) {
  const { sent, env: captureEnv } = captured();
  for (const e of events) await notify(captureEnv, e);
  return sent.flatMap((m) => (m.type === "email.send" ? [m] : []));
}

/** The job ids listed in a job_alert event. */
export function jobIds(event: NotificationEventInput | undefined): string[] {
  return ((event?.data?.jobs as { id: string }[] | undefined) ?? []).map((j) => j.id);
}
