/**
 * Threads and messages. A message is unread for a participant when it comes
 * from the other side, is visible, and sorts after the participant's
 * `last_read_id` (ids are UUIDv7, so id order is time order). Read pointers
 * only move forward.
 */
import { and, desc, eq, gt, inArray, lt, type SQL, sql } from "drizzle-orm";
import { decodeCursor, type PageOf, page } from "../../http/pagination";
import { ApiError, forbidden, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  applications,
  companies,
  type MessageRow,
  type MessageSide,
  messageReads,
  messages,
  messageThreads,
  users,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { requireParticipant, type ThreadContext } from "./access";

export interface MessageView {
  message: MessageRow;
  senderFirstName: string | null;
  senderLastName: string | null;
}

const otherSide = (side: MessageSide): MessageSide => (side === "applicant" ? "company" : "applicant");

/** The side a user's threads are on: seekers apply, employers answer for their companies. */
export function sideOfRole(role: AuthContext["role"]): MessageSide | null {
  if (role === "seeker") return "applicant";
  if (role === "employer") return "company";
  return null;
}

function selectViews(db: Db) {
  return db
    .select({ message: messages, senderFirstName: users.firstName, senderLastName: users.lastName })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.senderId));
}

/** A thread's messages, newest first (a client scrolls back with `next_cursor`). */
export async function listMessages(
  db: Db,
  t: ThreadContext,
  q: { limit: number; cursor?: string | undefined },
): Promise<PageOf<MessageView>> {
  const where: SQL[] = [eq(messages.applicationId, t.applicationId)];
  const after = decodeCursor(q.cursor, ["string"], t.applicationId);
  if (after) where.push(lt(messages.id, after[0]));
  const rows = await selectViews(db)
    .where(and(...where))
    .orderBy(desc(messages.id))
    .limit(q.limit + 1);
  return page(rows, q.limit, (r) => [r.message.id], t.applicationId);
}

export async function getMessage(db: Db, t: ThreadContext, messageId: string): Promise<MessageView> {
  const row = await selectViews(db)
    .where(and(eq(messages.id, messageId), eq(messages.applicationId, t.applicationId)))
    .get();
  if (!row) throw notFound("Message");
  return row;
}

export interface Attachment {
  key: string;
  name: string;
  contentType: string;
  size: number;
}

/** Refuses a write the other side blocked. */
function assertNotBlocked(t: ThreadContext, side: MessageSide): void {
  if (side === "company" && t.thread?.applicantBlockedAt) {
    throw new ApiError(403, "thread-blocked", "The candidate does not accept messages in this thread.");
  }
  if (side === "applicant" && t.thread?.companyBlockedAt) {
    throw new ApiError(403, "thread-blocked", "The company does not accept messages in this thread.");
  }
}

/** Checks that `auth` may write in the thread now (participant, not blocked). */
export function assertCanPost(t: ThreadContext): MessageSide {
  const side = requireParticipant(t);
  assertNotBlocked(t, side);
  return side;
}

/** Stores a message (creating the thread on the first one); the sender has read everything up to it. */
export async function postMessage(
  db: Db,
  auth: AuthContext,
  t: ThreadContext,
  body: string,
  attachment: (Attachment & { id: string }) | null = null,
  now = Date.now(),
): Promise<MessageView> {
  const side = assertCanPost(t);
  const id = attachment?.id ?? newId(now);
  await db.batch([
    db
      .insert(messageThreads)
      .values({ applicationId: t.applicationId, companyId: t.companyId, lastMessageAt: now, createdAt: now })
      .onConflictDoUpdate({ target: messageThreads.applicationId, set: { lastMessageAt: now } }),
    db.insert(messages).values({
      id,
      applicationId: t.applicationId,
      senderId: auth.userId,
      senderSide: side,
      body,
      attachmentKey: attachment?.key ?? null,
      attachmentName: attachment?.name ?? null,
      attachmentType: attachment?.contentType ?? null,
      attachmentSize: attachment?.size ?? null,
      status: "visible",
      createdAt: now,
    }),
    readUpTo(db, t.applicationId, auth.userId, id, now),
  ]);
  return getMessage(db, t, id);
}

/** Moves the user's read pointer to `id` unless it is already further. */
function readUpTo(db: Db, applicationId: string, userId: string, id: string, now: number) {
  return db
    .insert(messageReads)
    .values({ applicationId, userId, lastReadId: id, readAt: now })
    .onConflictDoUpdate({
      target: [messageReads.applicationId, messageReads.userId],
      set: { lastReadId: sql`max(coalesce(${messageReads.lastReadId}, ''), ${id})`, readAt: now },
    });
}

/** Marks the thread read up to `upTo` (default: its latest message); returns the pointer now stored. */
export async function markRead(
  db: Db,
  auth: AuthContext,
  t: ThreadContext,
  upTo: string | undefined,
  now = Date.now(),
): Promise<{ upTo: string | null; readAt: number }> {
  requireParticipant(t);
  let target = upTo;
  if (target !== undefined) {
    await getMessage(db, t, target);
  } else {
    const last = await db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.applicationId, t.applicationId))
      .orderBy(desc(messages.id))
      .limit(1)
      .get();
    target = last?.id;
  }
  if (target === undefined) return { upTo: null, readAt: now };
  const row = await readUpTo(db, t.applicationId, auth.userId, target, now).returning().get();
  return { upTo: row?.lastReadId ?? target, readAt: now };
}

/** How far each side has read: the applicant's pointer, and the furthest pointer of any company member. */
export async function readReceipts(db: Db, t: ThreadContext) {
  const rows = await db
    .select({ userId: messageReads.userId, lastReadId: messageReads.lastReadId, readAt: messageReads.readAt })
    .from(messageReads)
    .where(eq(messageReads.applicationId, t.applicationId));
  let applicant: { upTo: string; readAt: number } | null = null;
  let company: { upTo: string; readAt: number } | null = null;
  for (const r of rows) {
    if (!r.lastReadId || r.readAt === null) continue;
    if (r.userId === t.applicantId) {
      applicant = { upTo: r.lastReadId, readAt: r.readAt };
    } else if (!company || r.lastReadId > company.upTo) {
      company = { upTo: r.lastReadId, readAt: r.readAt };
    }
  }
  return { applicant, company };
}

/** Unread messages for `userId` on `side` in one thread. */
export async function threadUnread(db: Db, applicationId: string, userId: string, side: MessageSide) {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(messages)
    .where(
      and(
        eq(messages.applicationId, applicationId),
        eq(messages.senderSide, otherSide(side)),
        eq(messages.status, "visible"),
        gt(
          messages.id,
          sql`coalesce((SELECT r.last_read_id FROM message_reads r WHERE r.application_id = ${applicationId} AND r.user_id = ${userId}), '')`,
        ),
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** The threads a user is in, as SQL over `message_threads t` joined to `applications a`. */
function membershipOf(userId: string, side: MessageSide): SQL {
  return side === "applicant"
    ? sql`a.applicant_id = ${userId}`
    : sql`t.company_id IN (SELECT company_id FROM company_members WHERE user_id = ${userId})`;
}

function unreadExpr(userId: string, side: MessageSide): SQL<number> {
  return sql<number>`(SELECT count(*) FROM messages m WHERE m.application_id = t.application_id
    AND m.sender_side = ${otherSide(side)} AND m.status = 'visible'
    AND m.id > coalesce((SELECT r.last_read_id FROM message_reads r WHERE r.application_id = t.application_id AND r.user_id = ${userId}), ''))`;
}

/** Unread messages over all of a user's threads, and how many threads have some. */
export async function totalUnread(
  db: Db,
  userId: string,
  side: MessageSide,
): Promise<{ total: number; threads: number }> {
  const row = await db.get<{ total: number | null; threads: number | null }>(sql`
    SELECT sum(u) AS total, sum(u > 0) AS threads FROM (
      SELECT ${unreadExpr(userId, side)} AS u
      FROM message_threads t JOIN applications a ON a.id = t.application_id
      WHERE ${membershipOf(userId, side)} AND t.last_message_at IS NOT NULL
    )`);
  return { total: row?.total ?? 0, threads: row?.threads ?? 0 };
}

export interface ThreadSummary {
  applicationId: string;
  jobTitle: string;
  companyName: string;
  lastMessageAt: number;
  unread: number;
  applicantBlocked: boolean;
  companyBlocked: boolean;
}

/** The user's threads, most recent activity first. */
export async function listThreads(
  db: Db,
  auth: AuthContext,
  q: { limit: number; cursor?: string | undefined },
): Promise<PageOf<ThreadSummary>> {
  const side = sideOfRole(auth.role);
  if (!side) throw forbidden("Only applicants and company members have threads.");
  const after = decodeCursor(q.cursor, ["number", "string"], side);
  const keyset = after
    ? sql`AND (t.last_message_at < ${after[0]} OR (t.last_message_at = ${after[0]} AND t.application_id < ${after[1]}))`
    : sql``;
  const rows = await db.all<{
    application_id: string;
    job_title: string;
    company_name: string;
    last_message_at: number;
    unread: number;
    applicant_blocked_at: number | null;
    company_blocked_at: number | null;
  }>(sql`
    SELECT t.application_id, j.title AS job_title, c.name AS company_name, t.last_message_at,
      ${unreadExpr(auth.userId, side)} AS unread, t.applicant_blocked_at, t.company_blocked_at
    FROM message_threads t
    JOIN applications a ON a.id = t.application_id
    JOIN jobs j ON j.id = a.job_id
    JOIN companies c ON c.id = t.company_id
    WHERE ${membershipOf(auth.userId, side)} AND t.last_message_at IS NOT NULL ${keyset}
    ORDER BY t.last_message_at DESC, t.application_id DESC
    LIMIT ${q.limit + 1}`);
  const found = page(rows, q.limit, (r) => [r.last_message_at, r.application_id], side);
  return {
    data: found.data.map((r) => ({
      applicationId: r.application_id,
      jobTitle: r.job_title,
      companyName: r.company_name,
      lastMessageAt: r.last_message_at,
      unread: r.unread,
      applicantBlocked: r.applicant_blocked_at !== null,
      companyBlocked: r.company_blocked_at !== null,
    })),
    next_cursor: found.next_cursor,
  };
}

/** Sets or lifts the caller's side's block; returns the thread's block state. */
export async function setBlock(db: Db, auth: AuthContext, t: ThreadContext, blocked: boolean, now = Date.now()) {
  const side = requireParticipant(t);
  const set =
    side === "applicant"
      ? { applicantBlockedAt: blocked ? now : null }
      : { companyBlockedAt: blocked ? now : null, companyBlockedBy: blocked ? auth.userId : null };
  const row = await db
    .insert(messageThreads)
    .values({ applicationId: t.applicationId, companyId: t.companyId, createdAt: now, ...set })
    .onConflictDoUpdate({ target: messageThreads.applicationId, set })
    .returning()
    .get();
  return { applicantBlocked: row?.applicantBlockedAt != null, companyBlocked: row?.companyBlockedAt != null };
}

/** The statement that hides a message (moderation): its body and attachment are no longer served. */
export function hideMessageStatement(db: Db, messageId: string) {
  return db.update(messages).set({ status: "hidden" }).where(eq(messages.id, messageId));
}

/** A reported message as the admin queue shows it: enough to judge it without opening the thread. */
export interface MessageReportTarget {
  type: "message";
  id: string;
  applicationId: string;
  body: string;
  senderSide: MessageSide;
  sender: { id: string; username: string; email: string } | null;
  company: { id: string; name: string; slug: string };
  status: string;
  createdAt: number;
}

/** The reported messages among `ids`, in one query (the admin queue's page holds ≤ 100). */
export async function messageReportTargets(db: Db, ids: string[]): Promise<MessageReportTarget[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      message: messages,
      companyId: applications.companyId,
      companyName: companies.name,
      companySlug: companies.slug,
      senderUsername: users.username,
      senderEmail: users.email,
    })
    .from(messages)
    .innerJoin(applications, eq(applications.id, messages.applicationId))
    .innerJoin(companies, eq(companies.id, applications.companyId))
    .leftJoin(users, eq(users.id, messages.senderId))
    .where(inArray(messages.id, ids));
  return rows.map((r) => ({
    type: "message",
    id: r.message.id,
    applicationId: r.message.applicationId,
    body: r.message.body,
    senderSide: r.message.senderSide,
    sender:
      r.message.senderId && r.senderUsername && r.senderEmail
        ? { id: r.message.senderId, username: r.senderUsername, email: r.senderEmail }
        : null,
    company: { id: r.companyId, name: r.companyName, slug: r.companySlug },
    status: r.message.status,
    createdAt: r.message.createdAt,
  }));
}
