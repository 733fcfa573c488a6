/** Queue handlers of the jobs module (idempotent: messages may arrive twice). */

import { enqueue } from "../../queue/enqueue";
import type { MessageOf } from "../../queue/messages";

/**
 * Emails the job's poster (or, if they are gone, the company owners). The
 * email.send ids derive from this message's id, so a redelivery re-sends the
 * same logical messages rather than new ones.
 */
export async function handleJobModerated(env: Env, message: MessageOf<"job.moderated">): Promise<void> {
  const { results } = await env.DB.prepare(
    `SELECT j.title, j.id, u.id AS user_id, u.email, u.first_name
       FROM jobs j JOIN users u ON u.id = j.posted_by
      WHERE j.id = ?1 AND u.status = 'active'
     UNION
     SELECT j.title, j.id, u.id, u.email, u.first_name
       FROM jobs j JOIN company_members m ON m.company_id = j.company_id AND m.role = 'owner'
       JOIN users u ON u.id = m.user_id
      WHERE j.id = ?1 AND j.posted_by IS NULL AND u.status = 'active'`,
  )
    .bind(message.job_id)
    .all<{ title: string; id: string; user_id: string; email: string; first_name: string }>();
  if (!results.length) return;
  await enqueue(
    env,
    ...results.map((r) => ({
      id: `${message.id}:${r.user_id}`,
      type: "email.send" as const,
      to: r.email,
      template: "job_moderated",
      data: {
        first_name: r.first_name,
        job_title: r.title,
        decision: message.decision,
        reason: message.reason,
        url: new URL(`/employer/jobs/${r.id}`, env.PUBLIC_APP_URL).toString(),
      },
    })),
  );
}

/** One row per (job, day, viewer); the insert trigger does the counting, so repeats change nothing. */
export async function handleJobViewed(env: Env, message: MessageOf<"job.viewed">): Promise<void> {
  await env.DB.prepare("INSERT OR IGNORE INTO job_views (job_id, day, viewer) VALUES (?, ?, ?)")
    .bind(message.job_id, message.day, message.viewer)
    .run();
}

/**
 * Announces jobs that just went live (publish, admin approval, scheduled
 * publishing): one `job.published` message each, which instant job alerts are
 * matched against. The message id is derived from the job, so announcing twice
 * is harmless (alert deliveries are idempotent per alert and job anyway).
 */
export async function enqueueJobPublished(env: Pick<Env, "EVENTS">, jobIds: readonly string[]): Promise<void> {
  if (!jobIds.length) return;
  await enqueue(
    env,
    ...jobIds.map((id) => ({ type: "job.published" as const, id: `job-published:${id}`, job_id: id })),
  );
}
