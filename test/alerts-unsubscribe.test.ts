import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handleJobPublished } from "../src/modules/alerts/instant";
import { alertUnsubscribeUrl, signAlertToken, TOKEN_TTL } from "../src/modules/alerts/unsubscribe";
import { jobAlerts } from "../src/platform/db/schema";
import { db } from "./factories";
import { captured, dispatched, publishedJob, seekerWithAlert, world } from "./helpers/alerts";
import { api, call, expectProblem } from "./helpers/http";

/** The path part of the link the email carries. */
async function link(alertId: string, now = Date.now()) {
  const url = new URL(await alertUnsubscribeUrl(env, alertId, now));
  return `${url.pathname}${url.search}`;
}

const row = async (id: string) => db().select().from(jobAlerts).where(eq(jobAlerts.id, id)).get();

describe("alert unsubscribe", () => {
  it("GET with the email's link deactivates exactly that alert; repeating is fine", async () => {
    const { seeker, alert } = await seekerWithAlert({ name: "Go <b>jobs</b>" });
    const { alert: other } = await seekerWithAlert();
    const path = await link(alert.id);
    expect(path.startsWith("/api/v1/alerts/unsubscribe?token=")).toBe(true);

    const first = await api.get(path);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({
      unsubscribed: true,
      alert: { id: alert.id, name: "Go <b>jobs</b>", frequency: "daily" },
      already: false,
    });
    expect(await row(alert.id)).toMatchObject({ active: false, pausedReason: "unsubscribed" });
    expect((await row(other.id))?.active).toBe(true);

    const again = await api.get(path);
    expect(again.json).toMatchObject({ unsubscribed: true, already: true });
    const owner = await api.get(`/api/v1/alerts/${alert.id}`, { token: seeker.token });
    expect(owner.json).toMatchObject({ active: false, paused_reason: "unsubscribed" });

    // A browser gets a small page, with the alert name escaped.
    const page = await call("GET", path, { headers: { Accept: "text/html,application/xhtml+xml" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Go &lt;b&gt;jobs&lt;/b&gt;");
    expect(html).not.toContain("<b>jobs</b>");

    // The owner can resume it.
    const resumed = await api.patch(`/api/v1/alerts/${alert.id}`, { active: true }, { token: seeker.token });
    expect(resumed.json).toMatchObject({ active: true, paused_reason: null });
  });

  it("POST is RFC 8058 one-click", async () => {
    const { alert } = await seekerWithAlert({ frequency: "instant" });
    const res = await call("POST", await link(alert.id), {
      raw: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ unsubscribed: true, already: false, alert: { id: alert.id } });
    expect((await row(alert.id))?.active).toBe(false);
    const again = await call("POST", await link(alert.id));
    expect(again.status).toBe(200);
  });

  it("an unsubscribed alert gets nothing more", async () => {
    const w = await world();
    const now = Date.now();
    const { alert } = await seekerWithAlert({ frequency: "instant", query: { category: w.category.slug } }, now);
    await api.post(await link(alert.id));
    const job = await publishedJob(w, now);
    const q = captured();
    await handleJobPublished(q.env, { id: "m", created_at: now, type: "job.published", job_id: job.id });
    expect(dispatched(q.sent)).toEqual([]);
  });

  it("refuses tampered, foreign-secret, malformed and expired tokens", async () => {
    const { alert } = await seekerWithAlert();
    const { alert: victim } = await seekerWithAlert();
    const token = await signAlertToken(env.SIGNING_SECRET, alert.id);
    const [, exp, sig] = token.split(".");
    const tampered = [
      `${victim.id}.${exp}.${sig}`, // retargeted at someone else's alert
      `${alert.id}.${Number(exp) + 1000}.${sig}`, // extended
      `${alert.id}.${exp}.${sig?.slice(0, -2)}xx`,
      await signAlertToken("another-secret-0123456789abcdef0123456789", alert.id),
      `${token}.extra`,
      "garbage",
      `${alert.id}.soon.${sig}`,
    ];
    for (const t of tampered) {
      expectProblem(await api.get(`/api/v1/alerts/unsubscribe?token=${encodeURIComponent(t)}`), 400, "invalid-token");
      expectProblem(await api.post(`/api/v1/alerts/unsubscribe?token=${encodeURIComponent(t)}`), 400, "invalid-token");
    }
    expectProblem(await api.get("/api/v1/alerts/unsubscribe"), 400, "validation-error");
    expect((await row(alert.id))?.active).toBe(true);
    expect((await row(victim.id))?.active).toBe(true);

    const old = await signAlertToken(env.SIGNING_SECRET, alert.id, Date.now() - TOKEN_TTL - 60_000);
    expectProblem(await api.get(`/api/v1/alerts/unsubscribe?token=${encodeURIComponent(old)}`), 400, "token-expired");
    expect((await row(alert.id))?.active).toBe(true);
  });

  it("a deleted alert's link still answers (nothing left to send)", async () => {
    const { seeker, alert } = await seekerWithAlert();
    const path = await link(alert.id);
    await api.delete(`/api/v1/alerts/${alert.id}`, { token: seeker.token });
    const r = await api.get(path);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ unsubscribed: true, alert: null, already: true });
  });
});
