import { createExecutionContext, env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { NotificationEventInput } from "../src/modules/notifications/events";
import { notify } from "../src/modules/notifications/notify";
import { devMailbox, notificationPreferences } from "../src/platform/db/schema";
import { unsubscribeToken } from "../src/platform/email/unsubscribe";
import type { MessageOf } from "../src/platform/queue/messages";
import { handlers } from "../src/queue";
import { db, makeUser, signedIn, unique } from "./factories";
import { api, call, expectProblem } from "./helpers/http";
import { captureQueue, envWith } from "./helpers/notifications";

const ev = (userId: string, type: NotificationEventInput["type"] = "job_moderated"): NotificationEventInput => ({
  id: unique("evt"),
  type,
  recipients: [userId],
  title: "Your job post was approved",
  body: "It is live now.",
  data: { job_title: "Go Engineer", decision: "approved" },
  action_url: "/jobs/j1",
});

async function emailsFor(userId: string, type: NotificationEventInput["type"] = "job_moderated") {
  const { sent, queue } = captureQueue();
  await notify(envWith({ EVENTS: queue }), ev(userId, type));
  return sent.filter((m): m is MessageOf<"email.send"> => m.type === "email.send");
}

/** Sends the message through the real email pipeline and returns the dev mailbox copy. */
async function deliver(message: MessageOf<"email.send"> | undefined) {
  if (!message) throw new Error("no email message");
  await handlers["email.send"](message, { env, ctx: createExecutionContext(), attempts: 1 });
  const row = await db().select().from(devMailbox).where(eq(devMailbox.to, message.to.toLowerCase())).get();
  if (!row) throw new Error("no mail delivered");
  return row;
}

/** The stored email switch of one type (undefined: never set, the default applies). */
async function storedEmailSetting(userId: string, type = "job_moderated") {
  const row = await db()
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.type, type)))
    .get();
  return row?.email ?? undefined;
}

/** The path of an absolute link built from PUBLIC_APP_URL. */
const pathOf = (url: string) => url.slice(env.PUBLIC_APP_URL.replace(/\/+$/, "").length);

describe("one-click unsubscribe from a notification type's emails", () => {
  it("puts RFC 8058 headers on the email; GET changes nothing, POST switches the type's emails off", async () => {
    const { user, token } = await signedIn();
    const [message] = await emailsFor(user.id);
    const url = String(message?.unsubscribe_url);
    expect(url.startsWith(`${env.PUBLIC_APP_URL}/api/v1/unsubscribe?token=`)).toBe(true);
    // The email pipeline turns the message's link into the headers and the footer link.
    const mail = await deliver(message);
    expect(mail.headers).toMatchObject({
      "List-Unsubscribe": `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(mail.text).toContain(`Unsubscribe: ${url}`);
    expect(mail.html).toContain(`href="${url.replaceAll("&", "&amp;")}"`);

    // GET only shows: link scanners must not unsubscribe anyone.
    const shown = await api.get(pathOf(url));
    expect(shown.status).toBe(200);
    expect(shown.json).toEqual({
      subject: { kind: "notification", type: "job_moderated" },
      description: expect.stringContaining("approved or rejected"),
      unsubscribed: false,
      changed: false,
    });
    expect(await storedEmailSetting(user.id)).toBeUndefined();

    const res = await call("POST", pathOf(url), {
      raw: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subject: { type: "job_moderated" }, unsubscribed: true, changed: true });
    expect(await storedEmailSetting(user.id)).toBe(false);
    const again = await call("POST", pathOf(url));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ unsubscribed: true, changed: false });

    const prefs = await api.get("/api/v1/notifications/preferences", { token });
    const p = prefs.json.data.find((x: { type: string }) => x.type === "job_moderated");
    expect(p).toMatchObject({ in_app: true, email: false });
    expect(await emailsFor(user.id)).toHaveLength(0);
  });

  it("refuses security-type tokens and no longer serves the old path", async () => {
    const user = await makeUser();
    const security = await unsubscribeToken(env.SIGNING_SECRET, {
      kind: "notification",
      userId: user.id,
      type: "password_changed",
    });
    expectProblem(await api.post(`/api/v1/unsubscribe?token=${encodeURIComponent(security)}`), 400, "invalid-token");
    const unknown = await unsubscribeToken(env.SIGNING_SECRET, { kind: "notification", userId: user.id, type: "nope" });
    expectProblem(await api.post(`/api/v1/unsubscribe?token=${encodeURIComponent(unknown)}`), 400, "invalid-token");
    const good = await unsubscribeToken(env.SIGNING_SECRET, {
      kind: "notification",
      userId: user.id,
      type: "job_alert",
    });
    // Only DELETE /notifications/{id} matches the old path now.
    const old = await api.post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(good)}`);
    expectProblem(old, 405, "method-not-allowed");
    expect(await storedEmailSetting(user.id, "job_alert")).toBeUndefined();
  });

  it("gives security notices no unsubscribe link or header", async () => {
    const user = await makeUser();
    const [message] = await emailsFor(user.id, "password_changed");
    expect(message?.unsubscribe_url).toBeUndefined();
    expect(message?.data.preferences_url).toBeUndefined();
    const mail = await deliver(message);
    expect(mail.headers["List-Unsubscribe"]).toBeUndefined();
    expect(mail.text).not.toContain("Unsubscribe");
  });
});
