/**
 * Queue handlers for pipeline events. Events that have a notification type
 * (application received, status changed, interview scheduled or changed) go
 * through the notifications module's `notify`: in-app row, email (respecting
 * preferences) and realtime push, idempotent per event id. The rest are plain
 * emails (the applicant's confirmation, withdrawals and interview answers for
 * the company) whose message ids derive from the event id, so a redelivered
 * event produces the same email ids and the email log sends each once.
 */
import { and, eq, or } from "drizzle-orm";
import { appUrl } from "../../lib/urls";
import { createDb, type Db } from "../../platform/db/client";
import {
  applications,
  companies,
  companyMembers,
  type InterviewRow,
  interviews,
  jobs,
  users,
} from "../../platform/db/schema";
import { type QueueEmailInput, queueEmail } from "../../platform/email/log";
import type { MessageOf } from "../../platform/queue/messages";
import { MAX_RECIPIENTS, type NotifyEnv, notify } from "../notifications";

type HandlerEnv = NotifyEnv;

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

/** The job's poster (if still a member) and the company's owners: who gets the plain pipeline emails. */
async function companyContacts(db: Db, companyId: string, postedBy: string | null): Promise<Recipient[]> {
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

/** Every member of the company (notify skips inactive accounts and applies each member's preferences). */
async function companyMemberIds(db: Db, companyId: string): Promise<string[]> {
  const rows = await db
    .select({ id: companyMembers.userId })
    .from(companyMembers)
    .where(eq(companyMembers.companyId, companyId));
  return rows.map((r) => r.id);
}

function applicantRecipient(ctx: Ctx): Recipient | null {
  const a = ctx.applicant;
  return a && a.status === "active" ? { id: a.id, email: a.email, firstName: a.firstName } : null;
}

const applicantName = (ctx: Ctx) =>
  ctx.applicant ? `${ctx.applicant.firstName} ${ctx.applicant.lastName}` : "An applicant";

/** A plain email whose id derives from the event, so a redelivered event sends it once. */
function mail(eventId: string, template: string, to: Recipient, data: Record<string, unknown>): QueueEmailInput {
  return {
    id: `${eventId}:${template}:${to.id}`,
    to: to.email,
    template,
    userId: to.id,
    data: { first_name: to.firstName, ...data },
  };
}

/** The app page of an application (notification events carry app-relative paths). */
const applicationPath = (applicationId: string) => `/applications/${applicationId}`;

export async function onApplicationSubmitted(env: HandlerEnv, m: MessageOf<"application.submitted">) {
  const db = createDb(env.DB);
  const ctx = await context(db, m.application_id);
  if (!ctx) return;
  const applicant = applicantRecipient(ctx);
  if (applicant) {
    // The applicant's receipt is a plain transactional email, not a notification type.
    await queueEmail(
      db,
      env,
      mail(m.id, "application_submitted", applicant, {
        job_title: ctx.jobTitle,
        company_name: ctx.companyName,
        url: appUrl(env, applicationPath(ctx.app.id)),
      }),
    );
  }
  const members = await companyMemberIds(db, ctx.app.companyId);
  const name = applicantName(ctx);
  // One application is received once: its id is the event id (split only for very large companies).
  for (let i = 0; i < members.length; i += MAX_RECIPIENTS) {
    await notify(env, {
      id: i === 0 ? `application_received:${ctx.app.id}` : `application_received:${ctx.app.id}:${i}`,
      type: "application_received",
      recipients: members.slice(i, i + MAX_RECIPIENTS),
      title: `New application for ${ctx.jobTitle}`,
      body: `${name} applied to ${ctx.jobTitle}.`,
      data: {
        application_id: ctx.app.id,
        job_id: ctx.app.jobId,
        job_title: ctx.jobTitle,
        company_name: ctx.companyName,
        applicant_name: name,
      },
      action_url: applicationPath(ctx.app.id),
    });
  }
}

export async function onStatusChanged(env: HandlerEnv, m: MessageOf<"application.status_changed">) {
  // Moving to interviewing happens by scheduling, whose own notification says more.
  if (m.to_status === "interviewing") return;
  const db = createDb(env.DB);
  const ctx = await context(db, m.application_id);
  if (!ctx?.app.applicantId) return;
  const label = STATUS_LABELS[m.to_status] ?? m.to_status;
  await notify(env, {
    id: `application_status_changed:${m.id}`,
    type: "application_status_changed",
    recipients: [ctx.app.applicantId],
    title: `Your application for ${ctx.jobTitle}: ${label}`,
    body: `Your application for ${ctx.jobTitle} at ${ctx.companyName} is now: ${label}.`,
    data: {
      application_id: ctx.app.id,
      job_id: ctx.app.jobId,
      job_title: ctx.jobTitle,
      company_name: ctx.companyName,
      status: m.to_status,
      status_label: label,
    },
    action_url: applicationPath(ctx.app.id),
  });
}

export async function onWithdrawn(env: HandlerEnv, m: MessageOf<"application.withdrawn">) {
  const db = createDb(env.DB);
  const ctx = await context(db, m.application_id);
  if (!ctx) return;
  const recipients = await companyContacts(db, ctx.app.companyId, ctx.postedBy);
  await queueEmail(
    db,
    env,
    recipients.map((r) =>
      mail(m.id, "application_withdrawn", r, {
        job_title: ctx.jobTitle,
        applicant_name: applicantName(ctx),
        url: appUrl(env, applicationPath(ctx.app.id)),
      }),
    ),
  );
}

/** Interview facts for notifications and emails, in the interview's own time zone. */
function describe(env: HandlerEnv, iv: InterviewRow) {
  return {
    interview_id: iv.id,
    starts_at: new Date(iv.startsAt).toISOString(),
    starts_at_local: new Intl.DateTimeFormat("en-GB", {
      timeZone: iv.timezone,
      dateStyle: "full",
      timeStyle: "short",
    }).format(new Date(iv.startsAt)),
    timezone: iv.timezone,
    duration_minutes: iv.durationMinutes,
    kind: iv.kind,
    location: iv.location,
    meeting_url: iv.meetingUrl,
    ics_url: appUrl(env, `/api/v1/interviews/${iv.id}/ics`),
  };
}

async function interviewContext(db: Db, interviewId: string) {
  const iv = await db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  if (!iv) return null;
  const ctx = await context(db, iv.applicationId);
  return ctx ? { iv, ctx } : null;
}

const INTERVIEW_TITLES = {
  scheduled: (job: string) => `Interview scheduled: ${job}`,
  rescheduled: (job: string) => `Interview rescheduled: ${job}`,
  details: (job: string) => `Interview details changed: ${job}`,
  cancelled: (job: string) => `Interview cancelled: ${job}`,
};

async function notifyInterview(
  env: HandlerEnv,
  eventId: string,
  interviewId: string,
  change: keyof typeof INTERVIEW_TITLES,
) {
  const db = createDb(env.DB);
  const found = await interviewContext(db, interviewId);
  const applicantId = found?.ctx.app.applicantId;
  if (!found || !applicantId) return;
  const { iv, ctx } = found;
  const facts = describe(env, iv);
  const when = `${facts.starts_at_local} (${iv.timezone})`;
  const body =
    change === "cancelled"
      ? `${ctx.companyName} cancelled your ${iv.kind} interview for ${ctx.jobTitle} on ${when}.`
      : change === "scheduled"
        ? `${ctx.companyName} invited you to a ${iv.kind} interview for ${ctx.jobTitle} on ${when}.`
        : `${ctx.companyName} changed your ${iv.kind} interview for ${ctx.jobTitle}: now on ${when}.`;
  await notify(env, {
    id: eventId,
    type: "interview_scheduled",
    recipients: [applicantId],
    title: INTERVIEW_TITLES[change](ctx.jobTitle),
    body,
    data: {
      application_id: ctx.app.id,
      job_id: ctx.app.jobId,
      job_title: ctx.jobTitle,
      company_name: ctx.companyName,
      change,
      ...facts,
    },
    action_url: applicationPath(ctx.app.id),
  });
}

export async function onInterviewScheduled(env: HandlerEnv, m: MessageOf<"interview.scheduled">) {
  await notifyInterview(env, `interview_scheduled:${m.interview_id}`, m.interview_id, "scheduled");
}

export async function onInterviewUpdated(env: HandlerEnv, m: MessageOf<"interview.updated">) {
  await notifyInterview(env, `interview_updated:${m.id}`, m.interview_id, m.change);
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
        .where(
          and(
            eq(companyMembers.companyId, iv.companyId),
            eq(companyMembers.userId, iv.scheduledBy),
            eq(users.status, "active"),
          ),
        )
    : [];
  if (recipients.length === 0) recipients = await companyContacts(db, iv.companyId, null);
  const facts = describe(env, iv);
  await queueEmail(
    db,
    env,
    recipients.map((r) =>
      mail(m.id, "interview_responded", r, {
        job_title: ctx.jobTitle,
        applicant_name: applicantName(ctx),
        response: m.response,
        // The template formats `starts_at` in `timezone` in the recipient's language; `when` is the English fallback.
        starts_at: facts.starts_at,
        timezone: iv.timezone,
        when: `${facts.starts_at_local} (${iv.timezone})`,
        url: appUrl(env, applicationPath(ctx.app.id)),
      }),
    ),
  );
}
