/**
 * The notification center's side of the realtime channel: tickets and the
 * forwarded upgrade. The Durable Object itself lives in src/platform/realtime/.
 */
import type { Db } from "../../platform/db/client";
import { pushToUser, userChannel } from "../../platform/realtime/push";
import { type ChannelOwner, consumeTicket, issueTicket } from "../../platform/realtime/tickets";
import { API_KEY_ID_HEADER, SESSION_ID_HEADER, USER_ID_HEADER } from "../../platform/realtime/user-channel";

export type { ChannelOwner };
export const createTicket = (db: Db, owner: ChannelOwner) => issueTicket(db, owner);
export const redeemTicket = (db: Db, ticket: string) => consumeTicket(db, ticket);

export async function pushUnreadCount(env: Pick<Env, "USER_CHANNEL">, userId: string, count: number): Promise<void> {
  await pushToUser(env, userId, [{ type: "unread_count", count }]);
}

/** Forwards the upgrade to the user's Durable Object and returns its `101`. */
export async function openChannel(
  env: Pick<Env, "USER_CHANNEL">,
  owner: ChannelOwner,
  request: Request,
): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set(USER_ID_HEADER, owner.userId);
  // The channel tags the socket with its credential, so revoking it closes the socket.
  if (owner.sessionId) headers.set(SESSION_ID_HEADER, owner.sessionId);
  if (owner.apiKeyId) headers.set(API_KEY_ID_HEADER, owner.apiKeyId);
  const res = await userChannel(env, owner.userId).fetch(new Request(request.url, { method: "GET", headers }));
  // A DO's response has immutable headers; the middleware chain adds its own.
  return new Response(res.body, { status: res.status, headers: res.headers, webSocket: res.webSocket });
}
