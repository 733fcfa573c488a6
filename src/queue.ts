/**
 * One handler per message type. The mapped type makes a missing handler a
 * compile error when a message type is added to the union.
 */

import { handleJobPublished } from "./modules/alerts/instant";
import {
  onApplicationSubmitted,
  onInterviewResponded,
  onInterviewScheduled,
  onInterviewUpdated,
  onStatusChanged,
  onWithdrawn,
} from "./modules/applications/notify";
import { deleteFiles } from "./modules/files/delete";
import { handleFileOrphaned } from "./modules/files/service";
import { handleJobModerated, handleJobViewed } from "./modules/jobs/events";
import { notify } from "./modules/notifications/notify";
import { parseResume } from "./modules/resumes/parse";
import { createDb } from "./platform/db/client";
import { sendEmailMessage } from "./platform/email/send";
import type { MessageOf, QueueMessageType } from "./platform/queue/messages";

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
  "notification.dispatch": async (message, hc) => {
    await notify(hc.env, message.event);
  },
  "application.submitted": (message, hc) => onApplicationSubmitted(hc.env, message),
  "application.status_changed": (message, hc) => onStatusChanged(hc.env, message),
  "application.withdrawn": (message, hc) => onWithdrawn(hc.env, message),
  "interview.scheduled": (message, hc) => onInterviewScheduled(hc.env, message),
  "interview.updated": (message, hc) => onInterviewUpdated(hc.env, message),
  "interview.responded": (message, hc) => onInterviewResponded(hc.env, message),
  "files.delete": (message, hc) => deleteFiles(hc.env, message.keys),
  "resume.parse": async (message, hc) => {
    await parseResume(createDb(hc.env.DB), hc.env.FILES, message.resume_id);
  },
  "file.orphaned": async (message, hc) => {
    await handleFileOrphaned(createDb(hc.env.DB), hc.env.FILES, message.key);
  },
  "job.moderated": (message, hc) => handleJobModerated(hc.env, message),
  "job.viewed": (message, hc) => handleJobViewed(hc.env, message),
  "job.published": async (message, hc) => {
    await handleJobPublished(hc.env, message);
  },
};
