/** Queue handlers of the jobs module (idempotent: messages may arrive twice). */

import type { MessageOf, NewMessage } from "../../platform/queue/messages";
import { MAX_RECIPIENTS, notify } from "../notifications";
import { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, recordFromSql } from "./records";
import { indexJobs, jobEmbeddingText, semanticIndex } from "./semantic";

/**
 * Tells the employer who posted the job and the company's owners (one
 * `job_moderated` notification: in-app, email per their preferences, realtime).
 * The event id is this message's id, so a redelivery notifies nobody twice.
 */
export async function handleJobModerated(env: Env, message: MessageOf<"job.moderated">): Promise<void> {
  const { results } = await env.DB.prepare(
    `SELECT j.id, j.title, j.posted_by AS user_id FROM jobs j WHERE j.id = ?1 AND j.posted_by IS NOT NULL
     UNION
     SELECT j.id, j.title, m.user_id FROM jobs j JOIN company_members m ON m.company_id = j.company_id AND m.role = 'owner'
      WHERE j.id = ?1
     LIMIT ?2`,
  )
    .bind(message.job_id, MAX_RECIPIENTS)
    .all<{ id: string; title: string; user_id: string }>();
  const job = results[0];
  if (!job) return;
  const approved = message.decision === "approved";
  await notify(env, {
    id: `job_moderated:${message.id}`,
    type: "job_moderated",
    recipients: results.map((r) => r.user_id),
    title: approved ? `Your job "${job.title}" was approved` : `Your job "${job.title}" needs changes`,
    body: approved
      ? `Our moderators approved "${job.title}". It is live now, or will go live at its scheduled time.`
      : `Our moderators sent "${job.title}" back to draft.${message.reason ? ` Reason: ${message.reason}` : ""}`,
    data: { job_id: job.id, job_title: job.title, decision: message.decision, reason: message.reason },
    action_url: `/employer/jobs/${job.id}`,
  });
}

/** One row per (job, day, viewer); the insert trigger does the counting, so repeats change nothing. */
export async function handleJobViewed(env: Env, message: MessageOf<"job.viewed">): Promise<void> {
  await env.DB.prepare("INSERT OR IGNORE INTO job_views (job_id, day, viewer) VALUES (?, ?, ?)")
    .bind(message.job_id, message.day, message.viewer)
    .run();
}

/** A job that went live: one `job.published` message, which instant job alerts are matched against. */
export const jobPublishedId = (jobId: string) => `job-published:${jobId}`;

/**
 * The `job.published` messages of jobs that just went live (publish, admin
 * approval, scheduled publishing), for the outbox of the batch that publishes
 * them. The id is derived from the job, so announcing twice writes one outbox
 * row (alert deliveries are idempotent per alert and job anyway).
 */
export function jobPublishedMessages(jobIds: readonly string[]): NewMessage[] {
  return jobIds.map((id) => ({ type: "job.published" as const, id: jobPublishedId(id), job_id: id }));
}

/**
 * Embeds a job that went live into the Vectorize index (semantic.ts), only when the `AI` and
 * `VECTORIZE` bindings are configured. The continuation messages of instant alerts
 * (`after_alert_id`) are the same job again and are skipped. A job no longer published by the
 * time the message arrives is not indexed; an error throws, so the queue retries the message
 * (the alert matching before it is idempotent per alert and job).
 */
export async function indexPublishedJob(
  env: Pick<Env, "DB"> & object,
  message: MessageOf<"job.published">,
): Promise<boolean> {
  const sem = semanticIndex(env);
  if (!sem || message.after_alert_id) return false;
  const row = await env.DB.prepare(
    `SELECT ${JOB_RECORD_COLUMNS.text} FROM jobs j ${JOB_RECORD_JOINS.text} WHERE j.id = ? AND j.status = 'published'`,
  )
    .bind(message.job_id)
    .first<Record<string, unknown>>();
  if (!row) return false;
  const rec = recordFromSql(row);
  await indexJobs(sem, [
    { id: rec.job.id, text: jobEmbeddingText(rec.job, rec.category?.name), categoryId: rec.job.categoryId },
  ]);
  return true;
}
