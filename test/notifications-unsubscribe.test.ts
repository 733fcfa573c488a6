import { createExecutionContext, env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { NotificationEventInput } from "../src/modules/notifications/events";
import { notify } from "../src/modules/notifications/notify";
import { signUnsubscribeToken } from "../src/modules/notifications/unsubscribe";
import { devMailbox } from "../src/platform/db/schema";
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

/** The path of an absolute link built from PUBLIC_APP_URL. */
const pathOf = (url: string) => url.slice(env.PUBLIC_APP_URL.replace(/\/+$/, "").length);

describe("one-click unsubscribe from a notification type's emails", () => {
  it("puts RFC 8058 headers on the email and switches the type's emails off on POST", async () => {
    const { user, token } = await signedIn();
    const [message] = await emailsFor(user.id);
    const url = String(message?.unsubscribe_url);
    expect(url.startsWith(`${env.PUBLIC_APP_URL}/api/v1/notifications/unsubscribe?token=`)).toBe(true);
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
    expect(shown.json).toMatchObject({ type: "job_moderated", email: true });

    const res = await call("POST", pathOf(url), {
      raw: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "job_moderated", email: false });
    const again = await call("POST", pathOf(url));
    expect(again.status).toBe(200);

    const prefs = await api.get("/api/v1/notifications/preferences", { token });
    const p = prefs.json.data.find((x: { type: string }) => x.type === "job_moderated");
    expect(p).toMatchObject({ in_app: true, email: false });
    expect(await emailsFor(user.id)).toHaveLength(0);
  });

  it("rejects tampered, retargeted and security-type tokens", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const good = await signUnsubscribeToken(env.SIGNING_SECRET, user.id, "job_alert");
    const [, , sig] = good.split(".");
    const post = (t: string) => api.post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(t)}`);
    expectProblem(await post(`${good}x`), 400, "invalid-token");
    expectProblem(await post(`${other.id}.job_alert.${sig}`), 400, "invalid-token");
    expectProblem(await post(`${user.id}.review_response.${sig}`), 400, "invalid-token");
    const security = await signUnsubscribeToken(env.SIGNING_SECRET, user.id, "password_changed" as "job_alert");
    expectProblem(await post(security), 400, "invalid-token");
    expectProblem(await api.post("/api/v1/notifications/unsubscribe"), 400, "validation-error");
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
