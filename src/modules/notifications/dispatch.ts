/**
 * What producers (applications, moderation, reviews, auth) call from a request:
 * the event goes on the EVENTS queue and `notify` runs in the consumer, so the
 * request neither waits for nor fails because of the fan-out.
 */
import { enqueue } from "../../queue/enqueue";
import { NotificationEvent, type NotificationEventInput } from "./events";

export async function dispatchNotification(env: Pick<Env, "EVENTS">, event: NotificationEventInput): Promise<void> {
  await enqueue(env, { type: "notification.dispatch", event: NotificationEvent.parse(event) });
}
