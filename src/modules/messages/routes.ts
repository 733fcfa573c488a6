import { z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../http/access";
import type { BodyLimit } from "../../http/middleware/body-limit";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { ApiError, notFound } from "../../http/problem";
import { rateLimit } from "../../http/rate-limit";
import { newId } from "../../lib/ids";
import { toIso } from "../../lib/time";
import { MIME } from "../../platform/storage/sniff";
import {
  attachmentDisposition,
  DOCUMENT_KINDS,
  MAX_DOCUMENT_BYTES,
  putObject,
  readFormFile,
  sanitizeFilename,
} from "../../platform/storage/storage";
import { uploadRateLimit } from "../files";
import { fileReport } from "../moderation";
import { loadThread, requireParticipant } from "./access";
import { deliverMessage, deliverRead } from "./deliver";
import { presentMessage, presentReceipt, presentThread } from "./presenters";
import {
  AttachmentUpload,
  BlockState,
  MessageBody,
  MessagePage,
  MessageParam,
  MessageSchema,
  MessagesQuery,
  ReadBody,
  ReadResult,
  ReportBody,
  ReportReceipt,
  ThreadPage,
  ThreadParam,
  UnreadSchema,
} from "./schemas";
import * as service from "./service";

const tags = ["Messages"];

/** Mounted at `/api/v1`. */
export const messagesRouter = createRouter();

/**
 * Writing in a thread: at most 10 messages a minute per user and thread (RL_ACCOUNT,
 * 10 / 60 s, under its own key prefix): a conversation never needs more, a spammer is cut short.
 */
export const postMessageLimit = rateLimit({
  binding: "RL_ACCOUNT",
  limit: 10,
  periodSeconds: 60,
  name: "messages:post",
  key: (c) => {
    const userId = c.get("auth")?.userId;
    return userId ? `${userId}:${c.req.param("id") ?? ""}` : null;
  },
  message: "Too many messages in this thread. Wait a minute.",
});

const tooLarge = (max: number) =>
  new ApiError(413, "file-too-large", `The request body exceeds ${Math.round(max / 1024)} KB.`);
const jsonLimit: BodyLimit = { maxBytes: 32 * 1024, tooLarge };
const uploadLimit: BodyLimit = { maxBytes: MAX_DOCUMENT_BYTES + 64 * 1024, tooLarge };

const participants = ["seeker", "employer"] as const;

messagesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/messages/threads",
    access: { roles: participants, scope: "applications:read" },
    operationId: "listMessageThreads",
    tags,
    summary: "Your message threads, most recent first, with unread counts",
    request: { query: MessagesQuery },
    responses: { 200: jsonResponse(ThreadPage, "A page of threads"), ...errorResponses(400) },
  }),
  async (c) => {
    const caller = requireRole(c, ...participants);
    const db = c.get("db");
    const side = service.sideOfRole(caller.role) ?? "applicant";
    const [found, unread] = await Promise.all([
      service.listThreads(db, caller, c.req.valid("query")),
      service.totalUnread(db, caller.userId, side),
    ]);
    return c.json({ ...mapPage(found, presentThread), unread_total: unread.total }, 200);
  },
);

messagesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/messages/unread",
    access: { roles: participants, scope: "applications:read" },
    operationId: "countUnreadMessages",
    tags,
    summary: "Unread messages over all your threads",
    responses: { 200: jsonResponse(UnreadSchema, "The counts") },
  }),
  async (c) => {
    const caller = requireRole(c, ...participants);
    const side = service.sideOfRole(caller.role) ?? "applicant";
    return c.json(await service.totalUnread(c.get("db"), caller.userId, side), 200);
  },
);

messagesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications/{id}/messages",
    access: { scope: "applications:read" },
    operationId: "listApplicationMessages",
    tags,
    summary: "The application's thread, newest message first",
    description:
      "Participants are the applicant and the members of the company; admins may read (moderation). " +
      "Anyone else gets `404`. Reading does not mark anything read: `POST …/messages/read` does.",
    request: { params: ThreadParam, query: MessagesQuery },
    responses: { 200: jsonResponse(MessagePage, "A page of messages"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const db = c.get("db");
    const t = await loadThread(db, caller, c.req.valid("param").id);
    const [found, receipts, unread] = await Promise.all([
      service.listMessages(db, t, c.req.valid("query")),
      service.readReceipts(db, t),
      t.viewer === "admin" ? Promise.resolve(0) : service.threadUnread(db, t.applicationId, caller.userId, t.viewer),
    ]);
    return c.json(
      {
        ...mapPage(found, presentMessage),
        thread: {
          application_id: t.applicationId,
          job_title: t.jobTitle,
          company_name: t.companyName,
          viewer: t.viewer,
          unread,
          blocked_by_applicant: t.thread?.applicantBlockedAt != null,
          blocked_by_company: t.thread?.companyBlockedAt != null,
          read: { applicant: presentReceipt(receipts.applicant), company: presentReceipt(receipts.company) },
        },
      },
      200,
    );
  },
);

messagesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/messages",
    access: { roles: participants, scope: "applications:write" },
    operationId: "postApplicationMessage",
    tags,
    summary: "Write in the application's thread",
    description:
      "Delivered at once over the recipients' realtime channel (`message` and `message_unread` frames); " +
      "recipients who stay away get an email. `403 thread-blocked` when the other side blocked the thread.",
    middleware: [postMessageLimit] as const,
    bodyLimit: jsonLimit,
    request: { params: ThreadParam, body: jsonBody(MessageBody) },
    responses: { 201: jsonResponse(MessageSchema, "The message"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, ...participants);
    const db = c.get("db");
    const t = await loadThread(db, caller, c.req.valid("param").id);
    const view = await service.postMessage(db, caller, t, c.req.valid("json").body);
    const dto = presentMessage(view);
    await deliverMessage(c.env, db, t, caller.userId, dto);
    return c.json(dto, 201);
  },
);

messagesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/messages/attachments",
    access: { roles: participants, scope: "applications:write" },
    operationId: "postApplicationMessageAttachment",
    tags,
    summary: "Write in the thread with a file (PDF, DOCX or TXT, at most 5 MB)",
    description: "The same checks as resumes: the type is detected from the content, never from the name.",
    middleware: [uploadRateLimit, postMessageLimit] as const,
    bodyLimit: uploadLimit,
    request: {
      params: ThreadParam,
      body: { required: true, content: { "multipart/form-data": { schema: AttachmentUpload } } },
    },
    responses: { 201: jsonResponse(MessageSchema, "The message"), ...errorResponses(400, 404, 413, 415) },
  }),
  async (c) => {
    const caller = requireRole(c, ...participants);
    const db = c.get("db");
    const t = await loadThread(db, caller, c.req.valid("param").id);
    // Refuse before storing anything when the caller may not write here.
    service.assertCanPost(t);
    const form = c.req.valid("form");
    const file = await readFormFile(form.file, DOCUMENT_KINDS, MAX_DOCUMENT_BYTES);
    const now = Date.now();
    const id = newId(now);
    const key = `messages/${t.applicationId}/${id}`;
    const name = sanitizeFilename(form.file.name || "attachment");
    await putObject(c.env.FILES, key, file, { ownerId: caller.userId, originalName: name });
    let view: service.MessageView;
    try {
      view = await service.postMessage(
        db,
        caller,
        t,
        form.body ?? "",
        { id, key, name, contentType: file.contentType, size: file.size },
        now,
      );
    } catch (err) {
      await c.env.FILES.delete(key);
      throw err;
    }
    const dto = presentMessage(view);
    await deliverMessage(c.env, db, t, caller.userId, dto);
    return c.json(dto, 201);
  },
);

const ATTACHMENT_CONTENT = Object.fromEntries(
  DOCUMENT_KINDS.map((kind) => [MIME[kind].replace(/;.*$/, ""), { schema: z.string().openapi({ format: "binary" }) }]),
);

messagesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications/{id}/messages/{messageId}/attachment",
    access: { scope: "applications:read" },
    operationId: "downloadMessageAttachment",
    tags,
    summary: "Download a message's attachment (participants and admins)",
    request: { params: MessageParam },
    responses: {
      200: { description: "The file, as an attachment", content: ATTACHMENT_CONTENT },
      ...errorResponses(404),
    },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const db = c.get("db");
    const { id, messageId } = c.req.valid("param");
    const t = await loadThread(db, caller, id);
    const { message: m } = await service.getMessage(db, t, messageId);
    if (m.status !== "visible" || !m.attachmentKey) throw notFound("Attachment");
    const object = await c.env.FILES.get(m.attachmentKey);
    if (!object) throw notFound("Attachment");
    return new Response(object.body, {
      status: 200,
      headers: {
        "Content-Type": m.attachmentType ?? "application/octet-stream",
        "Content-Length": String(object.size),
        "Content-Disposition": attachmentDisposition(m.attachmentName ?? "attachment"),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  },
);

messagesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/messages/read",
    access: { roles: participants, scope: "applications:write" },
    operationId: "markApplicationMessagesRead",
    tags,
    summary: "Mark the thread read up to a message (read receipt)",
    description: "The pointer only moves forward. The other side gets a `message_read` frame.",
    bodyLimit: jsonLimit,
    request: { params: ThreadParam, body: jsonBody(ReadBody) },
    responses: { 200: jsonResponse(ReadResult, "The stored pointer and the new counts"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, ...participants);
    const db = c.get("db");
    const t = await loadThread(db, caller, c.req.valid("param").id);
    const side = requireParticipant(t);
    const r = await service.markRead(db, caller, t, c.req.valid("json").up_to);
    if (r.upTo) await deliverRead(c.env, db, t, caller.userId, side, r.upTo, r.readAt);
    const [unread, total] = await Promise.all([
      service.threadUnread(db, t.applicationId, caller.userId, side),
      service.totalUnread(db, caller.userId, side),
    ]);
    return c.json({ up_to: r.upTo, read_at: toIso(r.readAt), unread, unread_total: total.total }, 200);
  },
);

for (const method of ["put", "delete"] as const) {
  messagesRouter.openapi(
    defineRoute({
      method,
      path: "/applications/{id}/messages/block",
      access: { roles: participants, scope: "applications:write" },
      operationId: method === "put" ? "blockApplicationThread" : "unblockApplicationThread",
      tags,
      summary:
        method === "put"
          ? "Block the other side's messages in this thread (idempotent)"
          : "Lift your side's block (idempotent)",
      description:
        "The applicant blocks the company's messages; a company member blocks the applicant's, for the whole company.",
      request: { params: ThreadParam },
      responses: { 200: jsonResponse(BlockState, "The thread's blocks"), ...errorResponses(404) },
    }),
    async (c) => {
      const caller = requireRole(c, ...participants);
      const db = c.get("db");
      const t = await loadThread(db, caller, c.req.valid("param").id);
      const s = await service.setBlock(db, caller, t, method === "put");
      return c.json({ blocked_by_applicant: s.applicantBlocked, blocked_by_company: s.companyBlocked }, 200);
    },
  );
}

messagesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/messages/{messageId}/report",
    access: { roles: participants, scope: "applications:write" },
    operationId: "reportApplicationMessage",
    tags,
    summary: "Report a message to the moderators",
    description: "Reporting the same message twice returns the first report. Your own messages cannot be reported.",
    bodyLimit: jsonLimit,
    request: { params: MessageParam, body: jsonBody(ReportBody) },
    responses: { 202: jsonResponse(ReportReceipt, "Received"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, ...participants);
    const db = c.get("db");
    const { id, messageId } = c.req.valid("param");
    const t = await loadThread(db, caller, id);
    requireParticipant(t);
    const { message } = await service.getMessage(db, t, messageId);
    if (message.senderId === caller.userId) throw new ApiError(403, "forbidden", "You cannot report your own message.");
    const filed = await fileReport(db, caller.userId, { type: "message", id: message.id }, c.req.valid("json").reason);
    if (!filed) throw notFound("Message");
    const r = filed.report;
    return c.json(
      {
        id: r.id,
        target_type: "message" as const,
        target_id: r.targetId,
        status: r.status,
        created_at: toIso(r.createdAt),
      },
      202,
    );
  },
);
