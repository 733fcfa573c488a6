/**
 * Domain events → webhook events. Each builder reads the subject once and
 * returns the event with the company it belongs to; `fanOut` then writes one
 * delivery per subscribed endpoint (that company's, and the platform-wide
 * ones of admins) and enqueues one `webhook.deliver` message per delivery.
 *
 * What a payload holds is what the endpoint's owner reads through the API:
 * company endpoints only get events of their own company, and the objects are
 * the API's own presentations (a job as its company sees it, an interview as
 * `GET /interviews/{id}` shows it to the company) or a subset of them.
 */
import { eq } from "drizzle-orm";
import { newId } from "../../lib/ids";
import { toIso } from "../../lib/time";
import { createDb, type Db } from "../../platform/db/client";
import { applications, companies, interviews, webhookDeliveries } from "../../platform/db/schema";
import { enqueue } from "../../platform/queue/enqueue";
import type { MessageOf } from "../../platform/queue/messages";
import { presentInterview } from "../applications";
import { presentCompany } from "../companies";
import { loadRecord, presentSummary } from "../jobs";
import { presentReview, publishedReviewView } from "../reviews";

export const WEBHOOK_EVENT_TYPES = [
  "job.published",
  "job.closed",
  "job.expired",
  "application.created",
  "application.status_changed",
  "application.withdrawn",
  "interview.scheduled",
  "interview.rescheduled",
  "interview.cancelled",
  "review.posted",
  "company.verified",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by `POST /webhook-endpoints/{id}/test`, to that endpoint, whatever it subscribed to. */
export const TEST_EVENT_TYPE = "webhook.test";

export interface WebhookEvent {
  /** Stable per domain event: fanning out twice writes each delivery once. */
  id: string;
  type: WebhookEventType;
  occurredAt: number;
  /** The company the event belongs to; only its endpoints and platform-wide ones receive it. */
  companyId: string;
  data: Record<string, unknown>;
}

/** The body every attempt sends (Standard Webhooks payload: `type`, `timestamp`, `data`). */
export function payloadOf(type: string, occurredAt: number, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: toIso(occurredAt), data });
}

type FanOutEnv = Pick<Env, "DB" | "EVENTS">;

/** Enabled endpoints per fan-out (company + platform endpoints are capped well below this). */
const MAX_ENDPOINTS = 50;

/**
 * Writes one delivery per enabled endpoint subscribed to `event.type` and
 * enqueues the first attempt of each delivery not attempted yet. Safe to
 * repeat: deliveries are unique per (endpoint, event), and a message for an
 * attempt already made claims nothing in the consumer.
 */
export async function fanOut(env: FanOutEnv, event: WebhookEvent, now = Date.now()): Promise<number> {
  const db = createDb(env.DB);
  const { results } = await env.DB.prepare(
    `SELECT e.id FROM webhook_endpoints e
      WHERE e.status = 'enabled' AND (e.company_id = ?1 OR e.company_id IS NULL)
        AND EXISTS (SELECT 1 FROM json_each(e.event_types) t WHERE t.value = ?2)
      ORDER BY e.id LIMIT ?3`,
  )
    .bind(event.companyId, event.type, MAX_ENDPOINTS)
    .all<{ id: string }>();
  if (results.length === 0) return 0;
  const payload = payloadOf(event.type, event.occurredAt, event.data);
  await db
    .insert(webhookDeliveries)
    .values(
      results.map((r) => ({
        id: `msg_${newId(now)}`,
        endpointId: r.id,
        eventId: event.id,
        eventType: event.type,
        payload,
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing();
  return enqueueFirstAttempts(env, db, event.id);
}

async function enqueueFirstAttempts(env: FanOutEnv, db: Db, eventId: string): Promise<number> {
  const rows = await db
    .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts, status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.eventId, eventId));
  const fresh = rows.filter((r) => r.status === "pending" && r.attempts === 0);
  if (fresh.length) {
    await enqueue(
      env,
      ...fresh.map((r) => ({
        type: "webhook.deliver" as const,
        id: `webhook-deliver:${r.id}:0`,
        delivery_id: r.id,
        attempt: 0,
      })),
    );
  }
  return fresh.length;
}

// --- builders: one per source message ------------------------------------------

type BuildEnv = Pick<Env, "DB" | "PUBLIC_APP_URL">;

/** A job as its company sees it (the API's job summary, any status). */
export async function jobEvent(
  env: BuildEnv,
  type: "job.published" | "job.closed" | "job.expired",
  jobId: string,
  eventId: string,
  occurredAt: number,
): Promise<WebhookEvent | null> {
  const rec = await loadRecord(createDb(env.DB), jobId);
  if (!rec) return null;
  return { id: eventId, type, occurredAt, companyId: rec.job.companyId, data: { job: presentSummary(env, rec) } };
}

/**
 * An application as the company's API shows its pipeline fields. Applicant
 * personal data (name, email, cover letter, answers) stays behind the API,
 * where access is checked per request: fetch `GET /applications/{id}`.
 */
export async function applicationEvent(
  env: BuildEnv,
  type: "application.created" | "application.status_changed" | "application.withdrawn",
  applicationId: string,
  eventId: string,
  occurredAt: number,
  extra: Record<string, unknown> = {},
): Promise<WebhookEvent | null> {
  const app = await createDb(env.DB)
    .select({
      id: applications.id,
      jobId: applications.jobId,
      companyId: applications.companyId,
      status: applications.status,
      createdAt: applications.createdAt,
      updatedAt: applications.updatedAt,
    })
    .from(applications)
    .where(eq(applications.id, applicationId))
    .get();
  if (!app) return null;
  return {
    id: eventId,
    type,
    occurredAt,
    companyId: app.companyId,
    data: {
      application: {
        id: app.id,
        job_id: app.jobId,
        company_id: app.companyId,
        status: app.status,
        applied_at: toIso(app.createdAt),
        updated_at: toIso(app.updatedAt),
        ...extra,
      },
    },
  };
}

/** An interview as the company's `GET /interviews/{id}` presents it (without the job/company context). */
export async function interviewEvent(
  env: BuildEnv,
  type: "interview.scheduled" | "interview.rescheduled" | "interview.cancelled",
  interviewId: string,
  eventId: string,
  occurredAt: number,
): Promise<WebhookEvent | null> {
  const db = createDb(env.DB);
  const row = await db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  if (!row) return null;
  const app = await db
    .select({ companyId: applications.companyId, jobId: applications.jobId })
    .from(applications)
    .where(eq(applications.id, row.applicationId))
    .get();
  if (!app) return null;
  return {
    id: eventId,
    type,
    occurredAt,
    companyId: app.companyId,
    data: { interview: { ...presentInterview(row), job_id: app.jobId } },
  };
}

/**
 * A review as anyone reads it (`GET /reviews/{id}` without a session): the
 * author of an anonymous review stays hidden, as it does from the company.
 */
export async function reviewEvent(
  env: BuildEnv,
  reviewId: string,
  eventId: string,
  occurredAt: number,
): Promise<WebhookEvent | null> {
  const view = await publishedReviewView(createDb(env.DB), reviewId);
  if (!view) return null;
  return {
    id: eventId,
    type: "review.posted",
    occurredAt,
    companyId: view.review.companyId,
    data: { review: presentReview(view, undefined) },
  };
}

/** The company as its public `GET /companies/{id}` shows it; none once verification was withdrawn again. */
export async function companyEvent(
  env: BuildEnv,
  companyId: string,
  eventId: string,
  occurredAt: number,
): Promise<WebhookEvent | null> {
  const row = await createDb(env.DB).select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row?.isVerified) return null;
  return { id: eventId, type: "company.verified", occurredAt, companyId, data: { company: presentCompany(row) } };
}

type Source =
  | MessageOf<"job.published">
  | MessageOf<"job.closed">
  | MessageOf<"job.expired">
  | MessageOf<"review.posted">
  | MessageOf<"company.verified">
  | MessageOf<"application.submitted">
  | MessageOf<"application.status_changed">
  | MessageOf<"application.withdrawn">
  | MessageOf<"interview.scheduled">
  | MessageOf<"interview.updated">;

/** The webhook event a queue message announces, if any (built from the subject's current state). */
export async function eventFromMessage(env: BuildEnv, m: Source): Promise<WebhookEvent | null> {
  const id = `evt_${m.id}`;
  switch (m.type) {
    case "job.published":
      // Continuations of the alert matching carry the same job: announce once.
      return m.after_alert_id ? null : jobEvent(env, "job.published", m.job_id, id, m.created_at);
    case "job.closed": {
      const event = await jobEvent(env, "job.closed", m.job_id, id, m.created_at);
      // Why it closed: by its company, or past its application deadline.
      return event && { ...event, data: { ...event.data, reason: m.reason } };
    }
    case "job.expired":
      return jobEvent(env, "job.expired", m.job_id, id, m.created_at);
    case "review.posted":
      return reviewEvent(env, m.review_id, id, m.created_at);
    case "company.verified":
      return companyEvent(env, m.company_id, id, m.created_at);
    case "application.submitted":
      return applicationEvent(env, "application.created", m.application_id, id, m.created_at);
    case "application.status_changed":
      return applicationEvent(env, "application.status_changed", m.application_id, id, m.created_at, {
        previous_status: m.from_status,
        status: m.to_status,
      });
    case "application.withdrawn":
      return applicationEvent(env, "application.withdrawn", m.application_id, id, m.created_at, {
        previous_status: m.from_status,
        status: "withdrawn",
      });
    case "interview.scheduled":
      return interviewEvent(env, "interview.scheduled", m.interview_id, id, m.created_at);
    case "interview.updated":
      if (m.change === "details") return null;
      return interviewEvent(
        env,
        m.change === "cancelled" ? "interview.cancelled" : "interview.rescheduled",
        m.interview_id,
        id,
        m.created_at,
      );
  }
}

/** The queue side: turns a domain message into deliveries (no-op when nobody subscribed). */
export async function publishFromMessage(env: BuildEnv & FanOutEnv, m: Source): Promise<void> {
  const event = await eventFromMessage(env, m);
  if (event) await fanOut(env, event);
}
