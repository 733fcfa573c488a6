import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { NOTIFICATION_TYPES } from "../src/modules/notifications/catalog";
import { dispatchNotification } from "../src/modules/notifications/dispatch";
import { NotificationEvent, type NotificationEventInput } from "../src/modules/notifications/events";
import { notify } from "../src/modules/notifications/notify";
import { devMailbox, emailLog, notificationPreferences, notifications, outbox } from "../src/platform/db/schema";
import { renderTemplate } from "../src/platform/email/templates";
import type { MessageOf, QueueMessage } from "../src/platform/queue/messages";
import { OUTBOX_GRACE_MS, sweepOutbox } from "../src/platform/queue/outbox";
import { consumeBatch, handlers } from "../src/queue";
import { db, makeUser, unique } from "./factories";
import { captureQueue, envWith } from "./helpers/notifications";

function event(recipients: string[], o: Partial<NotificationEventInput> = {}): NotificationEventInput {
  return {
    id: unique("evt"),
    type: "application_status_changed",
    recipients,
    title: "Your application moved to shortlisted",
    body: "Acme shortlisted your application for Senior Engineer.",
    data: { application_id: "app1", job_title: "Senior Engineer", status: "shortlisted", company_name: "Acme" },
    action_url: "/applications/app1",
    ...o,
  };
}

const rowsFor = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId));
const mailFor = (to: string) => db().select().from(devMailbox).where(eq(devMailbox.to, to));

/** Runs captured email.send messages through the real email handler (dev mailbox). */
async function deliverEmails(sent: QueueMessage[]) {
  const ctx = createExecutionContext();
  for (const m of sent.filter((s): s is MessageOf<"email.send"> => s.type === "email.send")) {
    await handlers["email.send"](m, { env, ctx, attempts: 1 });
  }
}

async function runDispatch(testEnv: Env, body: QueueMessage, attempts = 1) {
  const batch = createMessageBatch("events", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await consumeBatch(batch, testEnv, ctx);
  await waitOnExecutionContext(ctx);
  return getQueueResult(batch, ctx);
}

describe("notify via the notification.dispatch queue message", () => {
  it("writes one row and sends one email even when the message is delivered twice", async () => {
    const user = await makeUser();
    const { sent, queue } = captureQueue();
    const testEnv = envWith({ EVENTS: queue });
    const message = {
      id: unique("msg"),
      created_at: Date.now(),
      type: "notification.dispatch" as const,
      event: NotificationEvent.parse(event([user.id, user.id])),
    };

    const first = await runDispatch(testEnv, message);
    expect(first.explicitAcks).toHaveLength(1);
    const second = await runDispatch(testEnv, message, 2);
    expect(second.explicitAcks).toHaveLength(1);
    await deliverEmails(sent);

    const rows = await rowsFor(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: "application_status_changed",
      title: "Your application moved to shortlisted",
      actionUrl: "/applications/app1",
      eventId: message.event.id,
      readAt: null,
    });
    expect(sent.filter((m) => m.type === "email.send")).toHaveLength(1);
    const mail = await mailFor(user.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe("Your application for Senior Engineer: shortlisted");
    expect(mail[0]?.text).toContain(`${env.PUBLIC_APP_URL}/applications/app1`);
    expect(mail[0]?.text).toContain(`${env.PUBLIC_APP_URL}/settings/notifications`);
  });

  it("an email whose enqueue failed stays in the outbox and is sent once by the sweep", async () => {
    const user = await makeUser();
    const broken = {
      send: async () => {
        throw new Error("queue unavailable");
      },
      sendBatch: async () => {
        throw new Error("queue unavailable");
      },
    } as unknown as Queue;
    const ev = event([user.id]);
    const message = {
      id: unique("msg"),
      created_at: Date.now(),
      type: "notification.dispatch" as const,
      event: NotificationEvent.parse(ev),
    };
    const failed = await runDispatch(envWith({ EVENTS: broken }), message);
    // The email committed with its log row and outbox row: the message is done, the outbox owes the send.
    expect(failed.retryMessages).toHaveLength(0);
    const emailId = `notif:${ev.id}:${user.id}`;
    expect(await db().select().from(emailLog).where(eq(emailLog.id, emailId)).get()).toMatchObject({
      status: "queued",
      to: user.email,
    });
    expect(await db().select().from(outbox).where(eq(outbox.id, emailId)).get()).toMatchObject({
      sentAt: null,
      message: { type: "email.send", email_id: emailId, to: user.email },
    });

    const { sent, queue } = captureQueue();
    // A redelivered dispatch records and sends nothing new.
    await runDispatch(envWith({ EVENTS: queue }), message, 2);
    expect(sent).toHaveLength(0);
    await sweepOutbox(envWith({ EVENTS: queue }), db(), Date.now() + OUTBOX_GRACE_MS + 1000);
    await sweepOutbox(envWith({ EVENTS: queue }), db(), Date.now() + OUTBOX_GRACE_MS + 2000);
    expect(sent.filter((m) => m.id === emailId)).toHaveLength(1);
    await deliverEmails(sent);
    expect(await mailFor(user.email)).toHaveLength(1);
    expect(await rowsFor(user.id)).toHaveLength(1);
  });

  it("flows end to end through the real EVENTS queue", async () => {
    const user = await makeUser();
    await dispatchNotification(db(), env, event([user.id]));
    await vi.waitFor(
      async () => {
        expect(await rowsFor(user.id)).toHaveLength(1);
        expect(await mailFor(user.email)).toHaveLength(1);
      },
      { timeout: 10_000, interval: 200 },
    );
  });

  it("rejects a malformed event before it reaches the queue", async () => {
    await expect(
      dispatchNotification(db(), env, event(["u1"], { action_url: "https://evil.example/x" })),
    ).rejects.toThrow();
    await expect(dispatchNotification(db(), env, event([]))).rejects.toThrow();
    await expect(
      dispatchNotification(db(), env, event(["u1"], { type: "nope" as NotificationEventInput["type"] })),
    ).rejects.toThrow();
  });
});

describe("notify and preferences", () => {
  async function setPref(userId: string, type: string, p: { inApp?: boolean; email?: boolean }) {
    await db()
      .insert(notificationPreferences)
      .values({ userId, type, inApp: p.inApp ?? null, email: p.email ?? null, updatedAt: Date.now() });
  }

  it("skips channels the user switched off", async () => {
    const noInApp = await makeUser();
    const noEmail = await makeUser();
    const both = await makeUser();
    await setPref(noInApp.id, "application_status_changed", { inApp: false });
    await setPref(noEmail.id, "application_status_changed", { email: false });
    const { sent, queue } = captureQueue();

    const result = await notify(envWith({ EVENTS: queue }), event([noInApp.id, noEmail.id, both.id]));
    expect(result).toMatchObject({ created: 2, emailed: 2 });
    expect(await rowsFor(noInApp.id)).toHaveLength(0);
    expect(await rowsFor(noEmail.id)).toHaveLength(1);
    const to = sent.map((m) => (m.type === "email.send" ? m.to : null)).sort();
    expect(to).toEqual([noInApp.email, both.email].sort());
  });

  it("uses per-type defaults (review_response: in-app only)", async () => {
    const user = await makeUser();
    const { sent, queue } = captureQueue();
    const r = await notify(envWith({ EVENTS: queue }), event([user.id], { type: "review_response" }));
    expect(r).toMatchObject({ created: 1, emailed: 0 });
    expect(sent).toHaveLength(0);
  });

  it("always delivers security notices, even over stored opt-outs and to unverified addresses", async () => {
    const user = await makeUser({ verified: false });
    await setPref(user.id, "new_device_login", { inApp: false, email: false });
    const { sent, queue } = captureQueue();
    const r = await notify(
      envWith({ EVENTS: queue }),
      event([user.id], {
        type: "new_device_login",
        title: "New sign-in",
        body: "",
        action_url: "/settings/security",
        data: { at: "2026-11-21T10:00:00.000Z", user_agent: "Firefox on Linux", ip_hint: "203.0.113.x" },
      }),
    );
    expect(r).toMatchObject({ created: 1, emailed: 1 });
    await deliverEmails(sent);
    const [mail] = await mailFor(user.email);
    expect(mail?.subject).toBe("New sign-in to your Job Board account");
    expect(mail?.text).toContain("Firefox on Linux");
    expect(mail?.text).not.toContain("Choose which emails");
  });

  it("sends non-security email only to verified, active users; deleted users get nothing", async () => {
    const unverified = await makeUser({ verified: false });
    const deleted = await makeUser({ status: "deleted" });
    const { sent, queue } = captureQueue();
    const r = await notify(envWith({ EVENTS: queue }), event([unverified.id, deleted.id, "no-such-user"]));
    expect(r).toMatchObject({ created: 1, emailed: 0 });
    expect(await rowsFor(unverified.id)).toHaveLength(1);
    expect(await rowsFor(deleted.id)).toHaveLength(0);
    expect(sent).toHaveLength(0);
  });

  it("honours a producer's channel restriction", async () => {
    const user = await makeUser();
    const { sent, queue } = captureQueue();
    const r = await notify(envWith({ EVENTS: queue }), event([user.id], { type: "job_alert", channels: ["in_app"] }));
    expect(r).toMatchObject({ created: 1, emailed: 0 });
    expect(sent).toHaveLength(0);
    const rows = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), eq(notifications.type, "job_alert")));
    expect(rows).toHaveLength(1);
  });
});

describe("notification email templates", () => {
  it("renders every type as HTML and text, escaping data and keeping only http(s) links", () => {
    for (const type of NOTIFICATION_TYPES) {
      const email = renderTemplate(`notify.${type}`, {
        first_name: "<b>Ada</b>",
        title: "T",
        body: "Body <script>x</script>",
        action_url: "https://app.example/x",
        preferences_url: "javascript:alert(1)",
        job_title: "Dev & Ops",
      });
      expect(email.subject.length, type).toBeGreaterThan(0);
      expect(email.html, type).toContain("&lt;b&gt;Ada&lt;/b&gt;");
      expect(email.html, type).not.toContain("<script>");
      expect(email.html, type).not.toContain("javascript:");
      expect(email.html, type).toContain('href="https://app.example/x"');
      expect(email.text, type).toContain("https://app.example/x");
      expect(email.category, type).toBe(
        type === "new_device_login" || type === "password_changed" ? "security" : "notification",
      );
    }
  });

  it("lists the jobs of a job alert", () => {
    const email = renderTemplate("notify.job_alert", {
      alert_name: "Remote Go",
      jobs: [
        { title: "Go Engineer", company: "Acme", url: "https://app.example/jobs/1" },
        { title: "SRE", company: "Initech", url: "https://app.example/jobs/2" },
      ],
    });
    expect(email.subject).toBe('2 new jobs for "Remote Go"');
    expect(email.text).toContain("Go Engineer — Acme — https://app.example/jobs/1");
  });
});
