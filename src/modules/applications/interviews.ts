/**
 * Interviews: scheduling (which moves a shortlisted application to
 * interviewing in the same batch), rescheduling and cancelling by the company,
 * accept/decline by the applicant, "my interviews" and the .ics file.
 */
import { and, eq, sql } from "drizzle-orm";
import { nextVersion, preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import { ApiError, forbidden, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  type ApplicationRow,
  applications,
  companies,
  type InterviewRow,
  interviews,
  jobs,
  outbox,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { toQueueMessages } from "../../platform/queue/enqueue";
import type { NewMessage, QueueMessage } from "../../platform/queue/messages";
import { flushOutbox, outboxInsertIf, outboxValues } from "../../platform/queue/outbox";
import { getMembership } from "../companies";
import { loadApplication } from "./access";
import { buildIcs, type IcsEvent } from "./interviews-ics";
import { actorOf, insertWhileStatus, statusMessage, transitionStatements } from "./pipeline";
import { invalidTransition, statusConflict } from "./transitions";

export interface InterviewFields {
  startsAt: number;
  durationMinutes: number;
  timezone: string;
  kind: InterviewRow["kind"];
  location: string | null;
  meetingUrl: string | null;
  notes: string | null;
}

const invalid = (path: string, message: string) =>
  new ApiError(400, "validation-error", "The request is invalid.", { errors: [{ path, message }] });

/** Rules across fields: a future start, and a place to meet for the kind of interview. */
function checkFields(f: InterviewFields, now: number, startChanged: boolean): void {
  if (startChanged && f.startsAt <= now) throw invalid("starts_at", "Must be in the future.");
  if (f.kind === "onsite" && !f.location) throw invalid("location", "An onsite interview needs a location.");
  if (f.kind === "video" && !f.meetingUrl) throw invalid("meeting_url", "A video interview needs a meeting URL.");
}

export async function scheduleInterview(
  db: Db,
  env: Pick<Env, "EVENTS">,
  auth: AuthContext,
  applicationId: string,
  fields: InterviewFields,
): Promise<InterviewRow> {
  const { app } = await loadApplication(db, auth, applicationId, ["company", "admin"]);
  const now = Date.now();
  checkFields(fields, now, true);
  if (app.status !== "shortlisted" && app.status !== "interviewing")
    throw invalidTransition(app.status, "interviewing");
  const row: InterviewRow = {
    id: newId(now),
    applicationId: app.id,
    companyId: app.companyId,
    applicantId: app.applicantId,
    scheduledBy: auth.userId,
    ...fields,
    status: "scheduled",
    response: "pending",
    respondedAt: null,
    sequence: 0,
    createdAt: now,
    updatedAt: now,
  };
  // Inserted only while the application still has the status we read.
  const insert = insertWhileStatus(db, interviews, row, app.id, app.status);
  const messages: NewMessage[] = [{ type: "interview.scheduled", interview_id: row.id }];
  const actor = actorOf(auth);
  if (app.status === "shortlisted") {
    messages.push(statusMessage(app as ApplicationRow, "interviewing", actor));
  }
  // The messages commit with the interview, under the same status condition.
  const built = toQueueMessages(messages, now);
  const queued = built.map((m) => insertWhileStatus(db, outbox, outboxValues(m, now), app.id, app.status));
  if (app.status === "shortlisted") {
    const s = transitionStatements(db, app, { to: "interviewing", actor, reason: "interview_scheduled" }, now);
    const results = await db.batch([insert, s.history, ...queued, s.update]);
    if ((results[results.length - 1] as unknown[]).length === 0) throw statusConflict();
  } else if (((await db.batch([insert, ...queued]))[0] as unknown[]).length === 0) {
    throw statusConflict();
  }
  await flushOutbox(env, db, { statements: [], messages: built });
  return row;
}

type InterviewViewer = "applicant" | "company" | "admin";

async function loadInterview(
  db: Db,
  auth: AuthContext,
  id: string,
  allowed: readonly InterviewViewer[],
): Promise<{ iv: InterviewRow; viewer: InterviewViewer }> {
  const iv = await db.select().from(interviews).where(eq(interviews.id, id)).get();
  if (!iv) throw notFound("Interview");
  let viewer: InterviewViewer | null = null;
  if (auth.role === "admin") viewer = "admin";
  else if (iv.applicantId !== null && iv.applicantId === auth.userId) viewer = "applicant";
  else if (auth.role === "employer" && (await getMembership(db, iv.companyId, auth.userId))) viewer = "company";
  if (!viewer) throw notFound("Interview");
  if (!allowed.includes(viewer)) throw forbidden("This action is not available to you on this interview.");
  return { iv, viewer };
}

const notScheduled = () => new ApiError(409, "interview-cancelled", "The interview was cancelled.");

export interface InterviewPatch extends Partial<InterviewFields> {
  cancel?: boolean;
}

export async function updateInterview(
  db: Db,
  env: Pick<Env, "EVENTS">,
  auth: AuthContext,
  id: string,
  patch: InterviewPatch,
  options: { ifMatch?: number[] | undefined } = {},
): Promise<InterviewRow> {
  const { iv } = await loadInterview(db, auth, id, ["company", "admin"]);
  const { ifMatch } = options;
  requireVersion(ifMatch, iv.updatedAt);
  if (iv.status !== "scheduled") throw notScheduled();
  const now = Date.now();
  const { cancel, ...changes } = patch;
  if (cancel && Object.values(changes).some((v) => v !== undefined)) {
    throw invalid("status", "Cancel on its own, without other changes.");
  }
  let set: Partial<InterviewRow>;
  let change: "cancelled" | "rescheduled" | "details";
  if (cancel) {
    set = { status: "cancelled" };
    change = "cancelled";
  } else {
    const merged: InterviewFields = {
      startsAt: changes.startsAt ?? iv.startsAt,
      durationMinutes: changes.durationMinutes ?? iv.durationMinutes,
      timezone: changes.timezone ?? iv.timezone,
      kind: changes.kind ?? iv.kind,
      location: changes.location !== undefined ? changes.location : iv.location,
      meetingUrl: changes.meetingUrl !== undefined ? changes.meetingUrl : iv.meetingUrl,
      notes: changes.notes !== undefined ? changes.notes : iv.notes,
    };
    const moved = merged.startsAt !== iv.startsAt || merged.durationMinutes !== iv.durationMinutes;
    checkFields(merged, now, changes.startsAt !== undefined);
    set = { ...merged };
    change = moved ? "rescheduled" : "details";
    // A new time needs a new answer from the applicant.
    if (moved) Object.assign(set, { response: "pending", respondedAt: null });
  }
  // If-Match's version is part of the guard (a response by the applicant changes it, not the sequence).
  const version = versionIn(interviews.updatedAt, ifMatch);
  const [message] = toQueueMessages([{ type: "interview.updated", interview_id: id, change }], now) as [QueueMessage];
  // The message is written only if the update wins (same sequence, evaluated before the update runs).
  const queued = outboxInsertIf(
    db,
    message,
    now,
    sql`EXISTS (SELECT 1 FROM interviews WHERE id = ${id} AND status = 'scheduled' AND sequence = ${iv.sequence}${version ? sql` AND ${version}` : sql``})`,
  );
  const [, rows] = await db.batch([
    queued,
    db
      .update(interviews)
      .set({ ...set, sequence: sql`${interviews.sequence} + 1`, updatedAt: nextVersion(interviews.updatedAt, now) })
      .where(
        and(eq(interviews.id, id), eq(interviews.status, "scheduled"), eq(interviews.sequence, iv.sequence), version),
      )
      .returning(),
  ]);
  const [updated] = rows;
  if (!updated && ifMatch) {
    const nowRow = await db
      .select({ updatedAt: interviews.updatedAt })
      .from(interviews)
      .where(eq(interviews.id, id))
      .get();
    if (nowRow && !ifMatch.includes(nowRow.updatedAt)) throw preconditionFailed();
  }
  if (!updated) throw new ApiError(409, "interview-conflict", "The interview was changed meanwhile; reload and retry.");
  await flushOutbox(env, db, { statements: [], messages: [message] });
  return updated;
}

export async function respondToInterview(
  db: Db,
  env: Pick<Env, "EVENTS">,
  auth: AuthContext,
  id: string,
  answer: "accept" | "decline",
): Promise<InterviewRow> {
  const { iv } = await loadInterview(db, auth, id, ["applicant"]);
  if (iv.status !== "scheduled") throw notScheduled();
  const now = Date.now();
  if (iv.startsAt <= now) throw new ApiError(409, "interview-past", "The interview has already started.");
  const response = answer === "accept" ? "accepted" : "declined";
  const [message] = toQueueMessages([{ type: "interview.responded", interview_id: id, response }], now) as [
    QueueMessage,
  ];
  const [, rows] = await db.batch([
    outboxInsertIf(db, message, now, sql`EXISTS (SELECT 1 FROM interviews WHERE id = ${id} AND status = 'scheduled')`),
    db
      .update(interviews)
      .set({ response, respondedAt: now, updatedAt: nextVersion(interviews.updatedAt, now) })
      .where(and(eq(interviews.id, id), eq(interviews.status, "scheduled")))
      .returning(),
  ]);
  const [updated] = rows;
  if (!updated) throw notScheduled();
  await flushOutbox(env, db, { statements: [], messages: [message] });
  return updated;
}

export async function interviewDetail(db: Db, auth: AuthContext, id: string) {
  const { iv } = await loadInterview(db, auth, id, ["applicant", "company", "admin"]);
  return iv;
}

/** The .ics file of an interview, for its applicant and the company. */
export async function interviewIcs(db: Db, env: Pick<Env, "EMAIL_FROM">, auth: AuthContext, id: string) {
  const { iv } = await loadInterview(db, auth, id, ["applicant", "company", "admin"]);
  const ctx = await db
    .select({
      jobTitle: jobs.title,
      companyName: companies.name,
    })
    .from(applications)
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .innerJoin(companies, eq(companies.id, applications.companyId))
    .where(eq(applications.id, iv.applicationId))
    .get();
  if (!ctx) throw notFound("Interview");
  return buildIcs(interviewEvent(iv, ctx, organizerOf(env)));
}

/** The address the calendar files name as organizer (`EMAIL_FROM` without its display name). */
export function organizerOf(env: Pick<Env, "EMAIL_FROM">): string {
  return /<([^>]+)>/.exec(env.EMAIL_FROM)?.[1] ?? env.EMAIL_FROM;
}

/** An interview as a calendar event: the same UID and SEQUENCE in the .ics file and in the feed. */
export function interviewEvent(
  iv: InterviewRow,
  ctx: { jobTitle: string; companyName: string },
  organizerEmail: string,
): IcsEvent {
  const kind = iv.kind === "onsite" ? "Onsite" : iv.kind === "phone" ? "Phone" : "Video";
  const descriptionParts = [`${kind} interview for ${ctx.jobTitle} at ${ctx.companyName}.`];
  if (iv.meetingUrl) descriptionParts.push(`Join: ${iv.meetingUrl}`);
  if (iv.notes) descriptionParts.push(iv.notes);
  return {
    uid: `interview-${iv.id}@jobboard.dev`,
    sequence: iv.sequence,
    stamp: iv.updatedAt,
    start: iv.startsAt,
    durationMinutes: iv.durationMinutes,
    summary: `${kind} interview: ${ctx.jobTitle} at ${ctx.companyName}`,
    description: descriptionParts.join("\n\n"),
    location: iv.location ?? (iv.kind === "video" ? iv.meetingUrl : null),
    url: iv.meetingUrl,
    timeZone: iv.timezone,
    organizer: { name: ctx.companyName, email: organizerEmail },
    cancelled: iv.status === "cancelled",
  };
}
