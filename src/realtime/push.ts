/**
 * Delivery to a user's UserChannel Durable Object over RPC. Realtime is best
 * effort: a failed push is logged and swallowed, because the notification is
 * already stored and a client gets the current unread count when it reconnects.
 */
import type { ServerFrame, UserChannel } from "./user-channel";

export function userChannel(env: Pick<Env, "USER_CHANNEL">, userId: string) {
  const ns = env.USER_CHANNEL as unknown as DurableObjectNamespace<UserChannel>;
  return ns.get(ns.idFromName(userId));
}

/** Sends frames, in order, to every open socket of the user; returns how many sockets got them. */
export async function pushToUser(
  env: Pick<Env, "USER_CHANNEL">,
  userId: string,
  frames: ServerFrame[],
): Promise<number> {
  try {
    return await userChannel(env, userId).deliver(frames);
  } catch (err) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "realtime push failed",
        user_id: userId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    return 0;
  }
}
