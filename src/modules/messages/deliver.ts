/**
 * Realtime delivery over each participant's UserChannel (the same socket as
 * notifications). Best effort like every push: a participant who is offline
 * reads the thread later, and the offline email (email.ts) covers the rest.
 */

import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import type { MessageSide } from "../../platform/db/schema";
import { pushToUser } from "../../platform/realtime/push";
import { participantsOf, type ThreadContext } from "./access";
import type { MessageDto } from "./presenters";
import { threadUnread, totalUnread } from "./service";

type PushEnv = Pick<Env, "USER_CHANNEL">;

async function unreadFrame(db: Db, applicationId: string, userId: string, side: MessageSide) {
  const [thread, total] = await Promise.all([
    threadUnread(db, applicationId, userId, side),
    totalUnread(db, userId, side),
  ]);
  return { type: "message_unread" as const, application_id: applicationId, thread, total: total.total };
}

/** The new message to every participant but its sender; the other side also gets its new unread counts. */
export async function deliverMessage(
  env: PushEnv,
  db: Db,
  t: ThreadContext,
  senderId: string,
  message: MessageDto,
): Promise<number> {
  const people = await participantsOf(db, t);
  const side = message.sender.side;
  const recipients = side === "applicant" ? people.company : people.applicant;
  const coworkers = (side === "applicant" ? people.applicant : people.company).filter((id) => id !== senderId);
  const frame = { type: "message" as const, message };
  const results = await Promise.all([
    ...recipients.map(async (userId) =>
      pushToUser(env, userId, [
        frame,
        await unreadFrame(db, t.applicationId, userId, side === "applicant" ? "company" : "applicant"),
      ]),
    ),
    ...coworkers.map((userId) => pushToUser(env, userId, [frame])),
  ]);
  return results.filter((n) => n > 0).length;
}

/** A read receipt to the other side, and the reader's own new counts to the reader's other tabs. */
export async function deliverRead(
  env: PushEnv,
  db: Db,
  t: ThreadContext,
  readerId: string,
  side: MessageSide,
  upTo: string,
  readAt: number,
): Promise<void> {
  const people = await participantsOf(db, t);
  const others = side === "applicant" ? people.company : people.applicant;
  const receipt = {
    type: "message_read" as const,
    application_id: t.applicationId,
    side,
    up_to: upTo,
    read_at: toIso(readAt),
  };
  await Promise.all([
    ...others.map((userId) => pushToUser(env, userId, [receipt])),
    pushToUser(env, readerId, [await unreadFrame(db, t.applicationId, readerId, side)]),
  ]);
}
