/**
 * One handler per message type. The mapped type makes a missing handler a
 * compile error when a message type is added to the union.
 */
import { sendEmailMessage } from "../email/send";
import { handleJobModerated, handleJobViewed } from "../modules/jobs/events";
import type { MessageOf, QueueMessageType } from "./messages";

export interface HandlerContext {
  env: Env;
  ctx: ExecutionContext;
  attempts: number;
}

export type Handlers = {
  [T in QueueMessageType]: (message: MessageOf<T>, hc: HandlerContext) => Promise<void>;
};

export const handlers: Handlers = {
  "email.send": (message, hc) => sendEmailMessage(hc.env, message),
  "user.registered": async () => {
    // Hook for welcome flows; verification mail is its own email.send message.
  },
  "job.moderated": (message, hc) => handleJobModerated(hc.env, message),
  "job.viewed": (message, hc) => handleJobViewed(hc.env, message),
};
