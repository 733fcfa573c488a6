/**
 * Delivery to a user's UserChannel Durable Object over RPC. Realtime is best
 * effort: a failed push is logged and swallowed, because the notification is
 * already stored and a client gets the current unread count when it reconnects.
 */
import type { RevokeTarget, ServerFrame, UserChannel } from "./user-channel";

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

/**
 * Closes the user's sockets opened with revoked credentials (see
 * `UserChannel.revoke`). Unlike a push this is a security step, but a failure
 * must not undo the revocation already stored in D1, so it is logged loudly:
 * the credential is dead for every HTTP request and ticket regardless.
 */
export async function closeSockets(
  env: Pick<Env, "USER_CHANNEL">,
  userId: string,
  target: RevokeTarget,
  reason: string,
): Promise<number> {
  try {
    return await userChannel(env, userId).revoke(target, reason);
  } catch (err) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "realtime socket revocation failed",
        user_id: userId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    return 0;
  }
}
