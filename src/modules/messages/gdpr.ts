/**
 * Messages in the GDPR export and account erasure. The export holds every
 * message the user wrote and every message of the threads of their own
 * applications. Erasure blanks the body of each message the user wrote, drops
 * its attachment (the R2 object is deleted through the queue) and forgets the
 * sender; the other side's messages stay with the company, which legitimately
 * keeps its own correspondence, while the application itself is anonymised by
 * the applications module.
 */
import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { messageReads, messages } from "../../platform/db/schema";
import type { GdprSection } from "../../platform/gdpr";

export async function exportMessages(db: Db, userId: string) {
  const rows = await db
    .select()
    .from(messages)
    .where(
      or(
        eq(messages.senderId, userId),
        inArray(messages.applicationId, sql`(SELECT id FROM applications WHERE applicant_id = ${userId})`),
      ),
    )
    .orderBy(asc(messages.applicationId), asc(messages.id));
  return {
    messages: rows.map((m) => ({
      id: m.id,
      application_id: m.applicationId,
      written_by_you: m.senderId === userId,
      sender_side: m.senderSide,
      body: m.status === "hidden" && m.senderId !== userId ? "" : m.body,
      attachment_filename: m.attachmentName,
      status: m.status,
      created_at: toIso(m.createdAt),
    })),
  };
}

export async function eraseMessages(db: Db, userId: string): Promise<string[]> {
  const withFiles = await db
    .select({ key: messages.attachmentKey })
    .from(messages)
    .where(and(eq(messages.senderId, userId), isNotNull(messages.attachmentKey)));
  await db.batch([
    db
      .update(messages)
      .set({
        body: "",
        senderId: null,
        attachmentKey: null,
        attachmentName: null,
        attachmentType: null,
        attachmentSize: null,
      })
      .where(eq(messages.senderId, userId)),
    db.delete(messageReads).where(eq(messageReads.userId, userId)),
  ]);
  return withFiles.flatMap((r) => (r.key ? [r.key] : []));
}

export const messagesGdpr: GdprSection = {
  name: "messages",
  export: exportMessages,
  erase: async ({ db, userId }) => ({ r2Keys: await eraseMessages(db, userId) }),
};
