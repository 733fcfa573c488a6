import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MINUTE } from "../src/lib/time";
import { emailUnreadMessages } from "../src/modules/messages/email";
import { notify } from "../src/modules/notifications/notify";
import { messageReads, messages } from "../src/platform/db/schema";
import { db } from "./factories";
import { waitFor, waitForEmail } from "./helpers/accounts";
import { dispatched } from "./helpers/alerts";
import { api } from "./helpers/http";
import { post, postFile, thread } from "./helpers/messages";
import { captureQueue, envWith, openSocket } from "./helpers/notifications";
import { buildPdf } from "./helpers/profiles";

const later = () => Date.now() + 11 * MINUTE;

describe("realtime delivery", () => {
  it("pushes a new message and the unread counts to the other side, and read receipts back", async () => {
    const t = await thread();
    const seeker = await openSocket(t.seeker.token);
    const recruiter = await openSocket(t.recruiter.token);
    const owner = await openSocket(t.owner.token);
    await Promise.all([seeker.next("unread_count"), recruiter.next("unread_count"), owner.next("unread_count")]);

    const m = await post(t, t.owner, "Are you free on Tuesday?");
    const frame = await seeker.next("message");
    expect(frame.message).toMatchObject({
      id: m.id,
      application_id: t.app.id,
      body: "Are you free on Tuesday?",
      sender: { side: "company", user_id: t.owner.user.id },
    });
    expect(await seeker.next("message_unread")).toEqual({
      type: "message_unread",
      application_id: t.app.id,
      thread: 1,
      total: 1,
    });
    // A co-worker's screen updates too, without an unread count (their side wrote it).
    expect((await recruiter.next("message")).message).toMatchObject({ id: m.id });
    expect(owner.frames.some((f) => f.type === "message")).toBe(false);

    await api.post(`${t.path}/read`, { up_to: m.id }, { token: t.seeker.token });
    expect(await owner.next("message_read")).toMatchObject({
      type: "message_read",
      application_id: t.app.id,
      side: "applicant",
      up_to: m.id,
    });
    const seen = seeker.frames.length;
    expect(await seeker.next("message_unread", seen - 1)).toMatchObject({ thread: 0, total: 0 });
    for (const s of [seeker, recruiter, owner]) s.ws.close(1000);
  });
});

describe("offline email", () => {
  it("emails recipients who stayed away, once, with a link to reply", async () => {
    const t = await thread();
    const m = await post(t, t.owner, "Please send your references");
    // Not yet: the message is younger than the delay.
    const early = captureQueue();
    await emailUnreadMessages(envWith({ EVENTS: early.queue }), Date.now());
    expect(dispatched(early.sent).filter((e) => e.data?.application_id === t.app.id)).toEqual([]);

    await emailUnreadMessages(env, later());
    const { row, mail } = await waitForEmail(t.seeker.user.email, "notify.new_message");
    expect(row.userId).toBe(t.seeker.user.id);
    const text = JSON.stringify(mail);
    expect(text).toContain(`/applications/${t.app.id}/messages`);
    expect(text).toContain("Edge Engineer");
    const mark = await db()
      .select()
      .from(messageReads)
      .where(and(eq(messageReads.applicationId, t.app.id), eq(messageReads.userId, t.seeker.user.id)))
      .get();
    expect(mark?.emailedUpTo).toBe(m.id);

    // A second run mails nothing more about the same messages.
    const again = captureQueue();
    await emailUnreadMessages(envWith({ EVENTS: again.queue }), later());
    expect(dispatched(again.sent).filter((e) => e.data?.application_id === t.app.id)).toEqual([]);
  });

  it("skips connected recipients and read messages; emails every company member", async () => {
    const t = await thread();
    const socket = await openSocket(t.seeker.token);
    await socket.next("unread_count");
    await post(t, t.owner, "You are online");
    const online = captureQueue();
    const r = await emailUnreadMessages(envWith({ EVENTS: online.queue }), later());
    expect(r.online).toBeGreaterThanOrEqual(1);
    expect(dispatched(online.sent).filter((e) => e.data?.application_id === t.app.id)).toEqual([]);
    socket.ws.close(1000);

    await api.post(`${t.path}/read`, {}, { token: t.seeker.token });
    await post(t, t.seeker, "Thanks, here they are");
    const q = captureQueue();
    await emailUnreadMessages(envWith({ EVENTS: q.queue }), later());
    const events = dispatched(q.sent).filter((e) => e.data?.application_id === t.app.id);
    // Owner replied before the seeker's message, so both members have it unread; the seeker read everything.
    expect(events.map((e) => e.recipients[0]).sort()).toEqual([t.owner.user.id, t.recruiter.user.id].sort());
    expect(events[0]).toMatchObject({ type: "new_message", channels: ["email"] });
    expect(events[0]?.action_url).toBe(`/applications/${t.app.id}/messages`);
  });

  it("respects the recipient's preference for new_message emails", async () => {
    const t = await thread();
    const off = await api.put(
      "/api/v1/notifications/preferences",
      { preferences: [{ type: "new_message", email: false }] },
      { token: t.seeker.token },
    );
    expect(off.status).toBe(200);
    await post(t, t.owner, "Hello?");
    const q = captureQueue();
    await emailUnreadMessages(envWith({ EVENTS: q.queue }), later());
    const [event] = dispatched(q.sent).filter((e) => e.data?.application_id === t.app.id);
    expect(event).toBeDefined();
    const sink = captureQueue();
    const result = await notify(envWith({ EVENTS: sink.queue }), event as Parameters<typeof notify>[1]);
    expect(result.emailed).toBe(0);
    expect(sink.sent.filter((m) => m.type === "email.send")).toEqual([]);
  });
});

describe("GDPR", () => {
  it("exports the applicant's threads and anonymises their messages on erasure", async () => {
    const t = await thread();
    const file = await postFile(t, t.seeker, { bytes: buildPdf(["References"]), name: "refs.pdf" }, { body: "Mine" });
    expect(file.status).toBe(201);
    await post(t, t.owner, "From the company");

    const ex = await api.get("/api/v1/auth/me/export", { token: t.seeker.token });
    expect(ex.status).toBe(200);
    const exported = ex.json.messages.messages as {
      body: string;
      written_by_you: boolean;
      attachment_filename: string | null;
    }[];
    expect(exported.map((m) => [m.body, m.written_by_you])).toEqual([
      ["Mine", true],
      ["From the company", false],
    ]);
    expect(exported[0]?.attachment_filename).toBe("refs.pdf");
    // Someone else's export does not hold them.
    const other = await api.get("/api/v1/auth/me/export", { token: (await thread()).seeker.token });
    expect(other.json.messages.messages).toEqual([]);

    const key = `messages/${t.app.id}/${file.json.id}`;
    const del = await api.delete("/api/v1/auth/me", {
      token: t.seeker.token,
      body: { password: t.seeker.user.password },
    });
    expect(del.status).toBe(202);
    const rows = await db().select().from(messages).where(eq(messages.applicationId, t.app.id));
    const mine = rows.find((r) => r.id === file.json.id);
    expect(mine).toMatchObject({ body: "", senderId: null, attachmentKey: null, attachmentName: null });
    expect(rows.find((r) => r.body === "From the company")?.senderId).toBe(t.owner.user.id);
    await waitFor(async () => (await env.FILES.head(key)) === null);

    const list = await api.get(t.path, { token: t.owner.token });
    expect(list.status).toBe(200);
    const shown = list.json.data.find((m: { id: string }) => m.id === file.json.id);
    expect(shown).toMatchObject({
      body: "",
      attachment: null,
      sender: { side: "applicant", user_id: null, name: null },
    });
  });
});
