/**
 * Queue handlers for pipeline events: they turn each event into emails
 * through the email pipeline (`email.send` messages). The notifications module
 * will add in-app notifications next to these. Email message ids are derived
 * from the event id, so a redelivered event produces the same ids.
 */
import { and, eq, or } from "drizzle-orm";
import { createDb, type Db } from "../../db/client";
import { applications, companies, companyMembers, type InterviewRow, interviews, jobs, users } from "../../db/schema";
import { MINUTE } from "../../lib/time";
import { enqueue } from "../../queue/enqueue";
import type { MessageOf, NewMessage } from "../../queue/messages";

type HandlerEnv = Pick<Env, "DB" | "EVENTS" | "PUBLIC_APP_URL">;

interface Recipient {
  id: string;
  email: string;
  firstName: string;
}

const STATUS_LABELS: Record<string, string> = {
  pending: "received",
  reviewing: "in review",
  shortlisted: "shortlisted",
  interviewing: "interviewing",
  offered: "offer made",
  accepted: "offer accepted",
  rejected: "not selected",
  withdrawn: "withdrawn",
};

async function context(db: Db, applicationId: string) {
  return db
    .select({
      app: applications,
      jobTitle: jobs.title,
      postedBy: jobs.postedBy,
      companyName: companies.name,
      applicant: {
        id: users.id,
        email: users.email,
        firstName: users.firstName,
        lastName: users.lastName,
        status: users.status,
      },
    })
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .innerJoin(companies, eq(companies.id, applications.companyId))
    .leftJoin(users, eq(users.id, applications.applicantId))
    .where(eq(applications.id, applicationId))
    .get();
}

type Ctx = NonNullable<Awaited<ReturnType<typeof context>>>;

/** The job's poster (if still a member) and the company's owners. */
async function companyRecipients(db: Db, companyId: string, postedBy: string | null): Promise<Recipient[]> {
  const who = postedBy
    ? or(eq(companyMembers.role, "owner"), eq(companyMembers.userId, postedBy))
    : eq(companyMembers.role, "owner");
  return db
    .select({ id: users.id, email: users.email, firstName: users.firstName })
    .from(companyMembers)
    .innerJoin(users, eq(users.id, companyMembers.userId))
    .where(and(eq(companyMembers.companyId, companyId), who, eq(users.status, "active")))
    .limit(20);
}

function applicantRecipient(ctx: Ctx): Recipient | null {
  const a = ctx.applicant;
  return a && a.status === "active" ? { id: a.id, email: a.email, firstName: a.firstName } : null;
}

const applicantName = (ctx: Ctx) =>
  ctx.applicant ? `${ctx.applicant.firstName} ${ctx.applicant.lastName}` : "An applicant";

function mail(eventId: string, template: string, to: Recipient, data: Record<string, unknown>): NewMessage {
  return {
    id: `${eventId}:${template}:${to.id}`,
    type: "email.send",
    to: to.email,
    template,
    data: { first_name: to.firstName, ...data },
  };
}

const appUrl = (env: HandlerEnv, applicationId: string) => `${env.PUBLIC_APP_URL}/applications/${applicationId}`;

export async function onApplicationSubmitted(env: HandlerEnv, m: MessageOf<"application.submitted">) {
  const db = createDb(env.DB);
  const ctx = await context(db, m.application_id);
  if (!ctx) return;
  const out: NewMessage[] = [];
  const data = { job_title: ctx.jobTitle, company_name: ctx.companyName, url: appUrl(env, ctx.app.id) };
  const applicant = applicantRecipient(ctx);
  if (applicant) out.push(mail(m.id, "application_submitted", applicant, data));
  for (const r of await companyRecipients(db, ctx.app.companyId, ctx.postedBy)) {
    out.push(mail(m.id, "pipeline_application_received", r, { ...data, applicant_name: applicantName(ctx) }));
  }
  await enqueue(env, ...out);
}

export async function onStatusChanged(env: HandlerEnv, m: MessageOf<"application.status_changed">) {
  // Moving to interviewing happens by scheduling, whose own email says more.
  if (m.to_status === "interviewing") return;
  const db = createDb(env.DB);
  const ctx = await context(db, m.application_id);
  const applicant = ctx && applicantRecipient(ctx);
  if (!ctx || !applicant) return;
  await enqueue(
    env,
    mail(m.id, "pipeline_application_status_changed", applicant, {
      job_title: ctx.jobTitle,
      company_name: ctx.companyName,
      status: m.to_status,
      status_label: STATUS_LABELS[m.to_status] ?? m.to_status,
      url: appUrl(env, ctx.app.id),
    }),
  );
}

export async function onWithdrawn(env: HandlerEnv, m: MessageOf<"application.withdrawn">) {
  const db = createDb(env.DB);
  const ctx = await context(db, m.application_id);
  if (!ctx) return;
  const recipients = await companyRecipients(db, ctx.app.companyId, ctx.postedBy);
  await enqueue(
    env,
    ...recipients.map((r) =>
      mail(m.id, "application_withdrawn", r, {
        job_title: ctx.jobTitle,
        applicant_name: applicantName(ctx),
        url: appUrl(env, ctx.app.id),
      }),
    ),
  );
}

function describe(iv: InterviewRow) {
  const when = `${new Intl.DateTimeFormat("en-GB", {
    timeZone: iv.timezone,
    dateStyle: "full",
    timeStyle: "short",
  }).format(new Date(iv.startsAt))} (${iv.timezone})`;
  return {
    when,
    kind: iv.kind,
    duration_minutes: iv.durationMinutes,
    where: iv.kind === "onsite" ? iv.location : (iv.meetingUrl ?? iv.location),
    ends_at: new Date(iv.startsAt + iv.durationMinutes * MINUTE).toISOString(),
  };
}

async function interviewContext(db: Db, interviewId: string) {
  const iv = await db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  if (!iv) return null;
  const ctx = await context(db, iv.applicationId);
  return ctx ? { iv, ctx } : null;
}

export async function onInterviewScheduled(env: HandlerEnv, m: MessageOf<"interview.scheduled">) {
  const db = createDb(env.DB);
  const found = await interviewContext(db, m.interview_id);
  const applicant = found && applicantRecipient(found.ctx);
  if (!found || !applicant) return;
  const { iv, ctx } = found;
  await enqueue(
    env,
    mail(m.id, "pipeline_interview_scheduled", applicant, {
      job_title: ctx.jobTitle,
      company_name: ctx.companyName,
      ...describe(iv),
      url: appUrl(env, ctx.app.id),
      ics_url: `${env.PUBLIC_APP_URL}/api/v1/interviews/${iv.id}/ics`,
    }),
  );
}

export async function onInterviewUpdated(env: HandlerEnv, m: MessageOf<"interview.updated">) {
  const db = createDb(env.DB);
  const found = await interviewContext(db, m.interview_id);
  const applicant = found && applicantRecipient(found.ctx);
  if (!found || !applicant) return;
  const { iv, ctx } = found;
  await enqueue(
    env,
    mail(m.id, "interview_updated", applicant, {
      job_title: ctx.jobTitle,
      company_name: ctx.companyName,
      cancelled: m.change === "cancelled",
      ...describe(iv),
      ics_url: `${env.PUBLIC_APP_URL}/api/v1/interviews/${iv.id}/ics`,
    }),
  );
}

export async function onInterviewResponded(env: HandlerEnv, m: MessageOf<"interview.responded">) {
  const db = createDb(env.DB);
  const found = await interviewContext(db, m.interview_id);
  if (!found) return;
  const { iv, ctx } = found;
  // The recruiter who scheduled it, when still a member; otherwise the owners.
  let recipients = iv.scheduledBy
    ? await db
        .select({ id: users.id, email: users.email, firstName: users.firstName })
        .from(companyMembers)
        .innerJoin(users, eq(users.id, companyMembers.userId))
        .where(and(eq(companyMembers.companyId, iv.companyId), eq(companyMembers.userId, iv.scheduledBy)))
    : [];
  if (recipients.length === 0) recipients = await companyRecipients(db, iv.companyId, null);
  await enqueue(
    env,
    ...recipients.map((r) =>
      mail(m.id, "interview_responded", r, {
        job_title: ctx.jobTitle,
        applicant_name: applicantName(ctx),
        response: m.response,
        when: describe(iv).when,
        url: appUrl(env, ctx.app.id),
      }),
    ),
  );
}
