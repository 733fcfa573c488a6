import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alertEvent } from "../src/modules/alerts/deliver";
import { handleJobPublished } from "../src/modules/alerts/instant";
import { jobAlerts } from "../src/platform/db/schema";
import { UNSUBSCRIBE_TTL, unsubscribeUrl } from "../src/platform/email/unsubscribe";
import { db } from "./factories";
import { captured, dispatched, publishedJob, seekerWithAlert, world } from "./helpers/alerts";
import { api, call, expectProblem } from "./helpers/http";

/** The path part of the link an alert email carries. */
async function link(alertId: string, now = Date.now()) {
  const url = new URL(await unsubscribeUrl(env, { kind: "alert", alertId }, now));
  return `${url.pathname}${url.search}`;
}

const row = async (id: string) => db().select().from(jobAlerts).where(eq(jobAlerts.id, id)).get();

describe("alert unsubscribe", () => {
  it("alert emails link to the one unsubscribe mechanism", async () => {
    const { alert } = await seekerWithAlert();
    const event = await alertEvent(env, alert, { eventId: "e1", jobs: [], total: 0, now: Date.now() });
    expect(event.email?.unsubscribe_url?.startsWith(`${env.PUBLIC_APP_URL}/api/v1/unsubscribe?token=`)).toBe(true);
  });

  it("GET describes the alert and changes nothing; POST deactivates exactly that alert", async () => {
    const { seeker, alert } = await seekerWithAlert({ name: "Go <b>jobs</b>" });
    const { alert: other } = await seekerWithAlert();
    const path = await link(alert.id);

    const shown = await api.get(path);
    expect(shown.status).toBe(200);
    expect(shown.json).toEqual({
      subject: { kind: "alert", alert: { id: alert.id, name: "Go <b>jobs</b>", frequency: "daily" } },
      description: expect.stringContaining("Go <b>jobs</b>"),
      unsubscribed: false,
      changed: false,
    });
    expect(await row(alert.id)).toMatchObject({ active: true, pausedReason: null });

    // A browser gets a page with a button that POSTs back; the alert name is escaped.
    const page = await call("GET", path, { headers: { Accept: "text/html,application/xhtml+xml" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain("Go &lt;b&gt;jobs&lt;/b&gt;");
    expect(html).not.toContain("<b>jobs</b>");
    expect((await row(alert.id))?.active).toBe(true);

    const res = await call("POST", path, {
      raw: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subject: { alert: { id: alert.id } }, unsubscribed: true, changed: true });
    expect(await row(alert.id)).toMatchObject({ active: false, pausedReason: "unsubscribed" });
    expect((await row(other.id))?.active).toBe(true);

    // Repeating (empty body) is harmless; GET now says it is off.
    const again = await call("POST", path);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ unsubscribed: true, changed: false });
    expect((await api.get(path)).json).toMatchObject({ unsubscribed: true, changed: false });
    const owner = await api.get(`/api/v1/alerts/${alert.id}`, { token: seeker.token });
    expect(owner.json).toMatchObject({ active: false, paused_reason: "unsubscribed" });

    // The owner can resume it.
    const resumed = await api.patch(`/api/v1/alerts/${alert.id}`, { active: true }, { token: seeker.token });
    expect(resumed.json).toMatchObject({ active: true, paused_reason: null });
  });

  it("the documented /api/v1/alerts/unsubscribe path is the same pair", async () => {
    const { alert } = await seekerWithAlert();
    const token = new URL(`http://x${await link(alert.id)}`).searchParams.get("token") ?? "";
    const alias = `/api/v1/alerts/unsubscribe?token=${encodeURIComponent(token)}`;
    expect((await api.get(alias)).json).toMatchObject({ subject: { kind: "alert" }, unsubscribed: false });
    expect((await row(alert.id))?.active).toBe(true);
    expect((await api.post(alias)).json).toMatchObject({ unsubscribed: true, changed: true });
    expect((await row(alert.id))?.active).toBe(false);
    expectProblem(await api.get("/api/v1/alerts/unsubscribe"), 400, "validation-error");
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

  it("an expired link is refused and changes nothing", async () => {
    const { alert } = await seekerWithAlert();
    const old = await link(alert.id, Date.now() - UNSUBSCRIBE_TTL - 60_000);
    expectProblem(await api.get(old), 400, "token-expired");
    expectProblem(await api.post(old), 400, "token-expired");
    expect((await row(alert.id))?.active).toBe(true);
  });

  it("a deleted alert's link still answers (nothing left to send)", async () => {
    const { seeker, alert } = await seekerWithAlert();
    const path = await link(alert.id);
    await api.delete(`/api/v1/alerts/${alert.id}`, { token: seeker.token });
    expect((await api.get(path)).json).toMatchObject({ subject: { kind: "alert", alert: null }, unsubscribed: true });
    const r = await api.post(path);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ subject: { kind: "alert", alert: null }, unsubscribed: true, changed: false });
  });
});
