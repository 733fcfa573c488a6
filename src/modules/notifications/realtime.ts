/**
 * The notification center's side of the realtime channel: tickets and the
 * forwarded upgrade. The Durable Object itself lives in src/realtime/.
 */
import type { Db } from "../../db/client";
import { pushToUser, userChannel } from "../../realtime/push";
import { consumeTicket, issueTicket } from "../../realtime/tickets";
import { USER_ID_HEADER } from "../../realtime/user-channel";

export const createTicket = (db: Db, userId: string) => issueTicket(db, userId);
export const redeemTicket = (db: Db, ticket: string) => consumeTicket(db, ticket);

export async function pushUnreadCount(env: Pick<Env, "USER_CHANNEL">, userId: string, count: number): Promise<void> {
  await pushToUser(env, userId, [{ type: "unread_count", count }]);
}

/** Forwards the upgrade to the user's Durable Object and returns its `101`. */
export async function openChannel(env: Pick<Env, "USER_CHANNEL">, userId: string, request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set(USER_ID_HEADER, userId);
  const res = await userChannel(env, userId).fetch(new Request(request.url, { method: "GET", headers }));
  // A DO's response has immutable headers; the middleware chain adds its own.
  return new Response(res.body, { status: res.status, headers: res.headers, webSocket: res.webSocket });
}
