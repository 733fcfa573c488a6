import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { renderTemplate } from "../src/email/templates";
import type { NotificationEventInput } from "../src/modules/notifications/events";
import { notify } from "../src/modules/notifications/notify";
import { signUnsubscribeToken } from "../src/modules/notifications/unsubscribe";
import type { MessageOf } from "../src/queue/messages";
import { makeUser, signedIn, unique } from "./helpers/factories";
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

/** The path of an absolute link built from PUBLIC_APP_URL. */
const pathOf = (url: string) => url.slice(env.PUBLIC_APP_URL.replace(/\/+$/, "").length);

describe("one-click unsubscribe from a notification type's emails", () => {
  it("puts RFC 8058 headers on the email and switches the type's emails off on POST", async () => {
    const { user, token } = await signedIn();
    const [message] = await emailsFor(user.id);
    const url = String(message?.data.unsubscribe_url);
    expect(url.startsWith(`${env.PUBLIC_APP_URL}/api/v1/notifications/unsubscribe?token=`)).toBe(true);
    const rendered = renderTemplate(message?.template ?? "", message?.data ?? {}) as unknown as {
      headers: Record<string, string>;
    };
    expect(rendered.headers).toEqual({
      "List-Unsubscribe": `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });

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
    expect(message?.data.unsubscribe_url).toBeUndefined();
    expect(message?.data.preferences_url).toBeUndefined();
    const rendered = renderTemplate("notify.password_changed", message?.data ?? {}) as unknown as {
      headers: Record<string, string>;
    };
    expect(rendered.headers).toEqual({});
  });
});
