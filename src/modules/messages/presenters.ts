import { toIso } from "../../lib/time";
import type { MessageView, ThreadSummary } from "./service";

export const attachmentPath = (applicationId: string, messageId: string) =>
  `/api/v1/applications/${applicationId}/messages/${messageId}/attachment`;

/** A message as participants see it; a hidden one keeps its place but shows nothing. */
export function presentMessage(v: MessageView) {
  const m = v.message;
  const hidden = m.status === "hidden";
  const name = m.senderId === null ? null : [v.senderFirstName, v.senderLastName].filter(Boolean).join(" ") || null;
  return {
    id: m.id,
    application_id: m.applicationId,
    sender: { side: m.senderSide, user_id: m.senderId, name },
    body: hidden ? "" : m.body,
    attachment:
      hidden || m.attachmentKey === null
        ? null
        : {
            filename: m.attachmentName ?? "attachment",
            content_type: m.attachmentType ?? "application/octet-stream",
            size: m.attachmentSize ?? 0,
            url: attachmentPath(m.applicationId, m.id),
          },
    status: m.status,
    created_at: toIso(m.createdAt),
  };
}

export type MessageDto = ReturnType<typeof presentMessage>;

export function presentThread(t: ThreadSummary) {
  return {
    application_id: t.applicationId,
    job_title: t.jobTitle,
    company_name: t.companyName,
    last_message_at: toIso(t.lastMessageAt),
    unread: t.unread,
    blocked_by_applicant: t.applicantBlocked,
    blocked_by_company: t.companyBlocked,
  };
}

export const presentReceipt = (r: { upTo: string; readAt: number } | null) =>
  r ? { up_to: r.upTo, read_at: toIso(r.readAt) } : null;
