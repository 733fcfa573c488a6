import { env } from "cloudflare:test";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CRON } from "../src/cron";
import { gdprSections } from "../src/gdpr-sections";
import { runDigests } from "../src/modules/alerts/digest";
import { createAlert } from "../src/modules/alerts/service";
import { jobAlerts, users } from "../src/platform/db/schema";
import { renderTemplate } from "../src/platform/email/templates";
import { runGdprErasers } from "../src/platform/gdpr";
import { db, makeUser } from "./factories";
import {
  alertBody,
  captured,
  DAY,
  dailyTick,
  deliver,
  dispatched,
  HOUR,
  jobIds,
  publishedJob,
  runCron,
  seekerWithAlert,
  T0,
  weeklyTick,
  world,
} from "./helpers/alerts";
import { unsubscribeSubject } from "./helpers/unsubscribe";

async function tick(cron: string, at: number) {
  const q = captured();
  await runCron(cron, at, q.env);
  return dispatched(q.sent);
}

/** Events for one user (other tests' alerts in this file share the database). */
const forUser = (events: Awaited<ReturnType<typeof tick>>, userId: string) =>
  events.filter((e) => e.recipients.includes(userId));

const alertRow = async (id: string) => db().select().from(jobAlerts).where(eq(jobAlerts.id, id)).get();

describe("daily digests", () => {
  it("contain only jobs published since the last run; nothing new → nothing sent; a rerun sends nothing twice", async () => {
    const w = await world();
    const other = await world();
    const { seeker, alert } = await seekerWithAlert({ query: { q: "golang", category: w.category.slug } });
    await publishedJob(w, T0 - HOUR, { title: "Golang Engineer old" }); // before the alert existed
    const j1 = await publishedJob(w, T0 + HOUR, { title: "Golang Engineer one" });
    const j2 = await publishedJob(w, T0 + 2 * HOUR, { title: "Golang Engineer two" });
    await publishedJob(w, T0 + HOUR, { title: "Python Engineer" }); // does not match q
    await publishedJob(other, T0 + HOUR, { title: "Golang Engineer elsewhere" }); // other category

    // The same day's hourly run: the alert's first period has not started yet.
    expect(await tick(CRON.hourly, T0 + 3 * HOUR)).toEqual([]);

    const first = await tick(CRON.daily, dailyTick(1));
    expect(first).toHaveLength(1);
    const event = first[0];
    expect(event).toMatchObject({
      id: `alert:${alert.id}:daily:2030-01-08`,
      type: "job_alert",
      recipients: [seeker.user.id],
      title: '2 new jobs for "Go jobs"',
      data: { total: 2, frequency: "daily" },
    });
    expect(jobIds(event)).toEqual([j2.id, j1.id]);
    expect(event?.action_url).toContain("posted_within=1");
    expect((await alertRow(alert.id))?.lastRunAt).toBe(dailyTick(1));

    // The email: one link per job and the alert's own unsubscribe link.
    const [mail] = await deliver(first);
    const rendered = renderTemplate(mail?.template ?? "", mail?.data ?? {});
    for (const j of [j1, j2]) {
      expect(rendered.text).toContain(new URL(`/jobs/${j.id}/${j.slug}`, env.PUBLIC_APP_URL).toString());
    }
    // The pipeline turns unsubscribe_url into List-Unsubscribe and the footer link.
    expect(await unsubscribeSubject(mail?.unsubscribe_url)).toEqual({ kind: "alert", alertId: alert.id });

    // Rerun of the same tick, and the hourly continuation later that day: nothing.
    expect(await tick(CRON.daily, dailyTick(1))).toEqual([]);
    const j3 = await publishedJob(w, dailyTick(1) + 7 * HOUR, { title: "Golang Engineer three" });
    expect(await tick(CRON.hourly, dailyTick(1) + 8 * HOUR)).toEqual([]);

    // Next day: only the job published since.
    const second = await tick(CRON.daily, dailyTick(2));
    expect(second.map((e) => e.id)).toEqual([`alert:${alert.id}:daily:2030-01-09`]);
    expect(jobIds(second[0])).toEqual([j3.id]);
    expect(second[0]?.title).toBe('New job for "Go jobs": Golang Engineer three');

    // Nothing new: nothing sent, but the window still moves on.
    expect(await tick(CRON.daily, dailyTick(3))).toEqual([]);
    const row = await alertRow(alert.id);
    expect(row?.lastRunAt).toBe(dailyTick(3));
    expect(row?.lastPeriod).toBe("2030-01-10");
    expect(row?.lastSentAt).toBe(dailyTick(2));
  });

  it("lists at most 10 jobs per email, newest first, and counts the rest", async () => {
    const w = await world();
    const { alert } = await seekerWithAlert({ query: { category: w.category.id } });
    const jobs = [];
    for (let i = 0; i < 12; i++) jobs.push(await publishedJob(w, T0 + (i + 1) * 60_000, { title: `Job ${i}` }));
    const [event] = await tick(CRON.daily, dailyTick(1));
    expect(event?.id).toBe(`alert:${alert.id}:daily:2030-01-08`);
    expect(event?.data?.total).toBe(12);
    expect(jobIds(event)).toEqual(
      jobs
        .slice(2)
        .reverse()
        .map((j) => j.id),
    );
    expect(event?.body).toBe("12 new jobs match your alert; here are the newest 10.");
  });

  it("works through more alerts than one page", async () => {
    const w = await world();
    const owners = [await makeUser(), await makeUser(), await makeUser()];
    for (const u of owners) {
      for (let i = 0; i < 20; i++) await createAlert(db(), u.id, alertBody({ query: { category: w.category.id } }), T0);
    }
    await publishedJob(w, T0 + HOUR);
    const events = await tick(CRON.daily, dailyTick(1));
    expect(events).toHaveLength(60);
    expect(new Set(events.map((e) => e.id)).size).toBe(60);
    expect(await tick(CRON.hourly, dailyTick(1) + HOUR)).toEqual([]);
  });

  it("a run is bounded; the next run continues where it stopped, without repeats", async () => {
    const w = await world();
    const owner = await makeUser();
    for (let i = 0; i < 13; i++)
      await createAlert(db(), owner.id, alertBody({ query: { category: w.category.id } }), T0);
    await publishedJob(w, dailyTick(5) - HOUR);
    // Other tests' alerts share this database and period, so follow this owner's alerts only.
    const ids: string[] = [];
    let runs = 0;
    while (ids.length < 13 && runs < 40) {
      const q = captured();
      const r = await runDigests(q.env, "daily", dailyTick(5) + runs * HOUR, { page: 3, maxPages: 2 });
      expect(r.claimed).toBeLessThanOrEqual(6);
      ids.push(...forUser(dispatched(q.sent), owner.id).map((e) => e.id));
      runs++;
    }
    expect(runs).toBeGreaterThan(2);
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(13);
    expect(ids.every((id) => id.endsWith(":daily:2030-01-12"))).toBe(true);
  });
});

describe("weekly digests", () => {
  it("run on the weekly tick with the week's new jobs only", async () => {
    const w = await world();
    const { seeker, alert } = await seekerWithAlert({ frequency: "weekly", query: { category: w.category.slug } });
    const a = await publishedJob(w, T0 + DAY);
    const b = await publishedJob(w, T0 + 3 * DAY);
    expect(forUser(await tick(CRON.daily, dailyTick(1)), seeker.user.id)).toEqual([]);
    expect(forUser(await tick(CRON.hourly, dailyTick(4)), seeker.user.id)).toEqual([]);

    const first = await tick(CRON.weekly, weeklyTick(1));
    expect(first.map((e) => e.id)).toEqual([`alert:${alert.id}:weekly:2030-01-14`]);
    expect(jobIds(first[0])).toEqual([b.id, a.id]);
    expect(first[0]?.action_url).toContain("posted_within=7");
    expect(await tick(CRON.weekly, weeklyTick(1))).toEqual([]);

    const c = await publishedJob(w, weeklyTick(1) + DAY);
    const second = await tick(CRON.weekly, weeklyTick(2));
    expect(jobIds(second[0])).toEqual([c.id]);
    expect(await tick(CRON.weekly, weeklyTick(3))).toEqual([]);
  });
});

describe("accounts that are not active", () => {
  it("a suspended user's alerts are deactivated and resume when the account is active again", async () => {
    const w = await world();
    const { seeker, alert } = await seekerWithAlert({ query: { category: w.category.slug } });
    const instant = await createAlert(
      db(),
      seeker.user.id,
      alertBody({ frequency: "instant", query: { category: w.category.slug } }),
      T0,
    );
    await publishedJob(w, T0 + HOUR);
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, seeker.user.id));

    expect(forUser(await tick(CRON.daily, dailyTick(1)), seeker.user.id)).toEqual([]);
    for (const id of [alert.id, instant.id]) {
      expect(await alertRow(id)).toMatchObject({ active: false, pausedReason: "account_inactive" });
    }

    await db().update(users).set({ status: "active" }).where(eq(users.id, seeker.user.id));
    await tick(CRON.hourly, dailyTick(1) + 5 * HOUR);
    expect(await alertRow(alert.id)).toMatchObject({
      active: true,
      pausedReason: null,
      lastRunAt: dailyTick(1) + 5 * HOUR,
    });
    // Jobs published while suspended are not delivered afterwards.
    expect(forUser(await tick(CRON.daily, dailyTick(2)), seeker.user.id)).toEqual([]);
  });

  it("erasing an account deletes its alerts", async () => {
    const { seeker, alert } = await seekerWithAlert();
    await runGdprErasers(gdprSections, {
      db: db(),
      env,
      userId: seeker.user.id,
      email: seeker.user.email,
      now: Date.now(),
    });
    expect(
      await db()
        .select()
        .from(jobAlerts)
        .where(inArray(jobAlerts.id, [alert.id])),
    ).toEqual([]);
  });
});
