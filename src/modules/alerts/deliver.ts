/**
 * Turns an alert and its new jobs into a `job_alert` notification event. The
 * event id is the idempotency key of `notify`: `alert:{id}:job:{jobId}` for an
 * instant match, `alert:{id}:{frequency}:{period}` for a digest, so a rerun or
 * a redelivered message delivers nothing twice.
 */
import { appUrl } from "../../lib/urls";
import type { JobAlertRow } from "../../platform/db/schema";
import { unsubscribeUrl } from "../../platform/email/unsubscribe";
import type { JobSummaryDto } from "../jobs";
import type { NotificationEventInput } from "../notifications";
import { searchPath } from "./query";

/** At most this many jobs are listed in one digest (newest first); the rest are counted. */
export const DIGEST_MAX_JOBS = 10;

export type AlertRef = Pick<JobAlertRow, "id" | "userId" | "name" | "query" | "frequency" | "channels">;

export function jobUrl(env: Pick<Env, "PUBLIC_APP_URL">, job: Pick<JobSummaryDto, "id" | "slug">): string {
  return appUrl(env, `/jobs/${job.id}/${job.slug}`);
}

function place(job: JobSummaryDto): string {
  const where = [job.location.city, job.location.region, job.location.country].filter(Boolean).join(", ");
  return job.is_remote ? (where ? `${where} (remote)` : "Remote") : where;
}

export async function alertEvent(
  env: Pick<Env, "PUBLIC_APP_URL" | "SIGNING_SECRET">,
  alert: AlertRef,
  o: { eventId: string; jobs: JobSummaryDto[]; total: number; now: number },
): Promise<NotificationEventInput> {
  const listed = o.jobs.slice(0, DIGEST_MAX_JOBS);
  const first = listed[0];
  const single = o.total === 1 && first !== undefined;
  const title = single
    ? `New job for "${alert.name}": ${first.title}`.slice(0, 200)
    : `${o.total} new jobs for "${alert.name}"`.slice(0, 200);
  const body = single
    ? `${first.title} at ${first.company.name}${place(first) ? ` (${place(first)})` : ""}.`
    : o.total > listed.length
      ? `${o.total} new jobs match your alert; here are the newest ${listed.length}.`
      : `${o.total} new jobs match your alert.`;
  // "See all" opens the app's search with the same filters, limited to the
  // digest's span for digests (posted_within days) and the job itself for instant ones.
  const actionUrl = single
    ? `/jobs/${first.id}/${first.slug}`
    : searchPath(alert.query, "/jobs", { posted_within: alert.frequency === "weekly" ? "7" : "1" });
  return {
    id: o.eventId,
    type: "job_alert",
    recipients: [alert.userId],
    title,
    body: body.slice(0, 2000),
    data: {
      alert_id: alert.id,
      alert_name: alert.name,
      frequency: alert.frequency,
      total: o.total,
      jobs: listed.map((j) => ({
        id: j.id,
        title: j.title,
        company: j.company.name,
        location: place(j),
        url: jobUrl(env, j),
      })),
    },
    action_url: actionUrl,
    channels: alert.channels,
    email: {
      template: "notify.job_alert",
      data: {},
      unsubscribe_url: await unsubscribeUrl(env, { kind: "alert", alertId: alert.id }, o.now),
    },
  };
}
