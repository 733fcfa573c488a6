import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CRON } from "../src/cron";
import { type InterviewRow, interviews, type JobRow, jobs, reminderDeliveries, users } from "../src/platform/db/schema";
import { renderTemplate } from "../src/platform/email/templates";
import type { QueueMessage } from "../src/platform/queue/messages";
import { markDelivered } from "../src/platform/queue/outbox";
import { addMember, db, makeApplication, makeCompany, makeInterview, makeJob, makeUser, saveJob } from "./factories";
import { captured, DAY, deliver, dispatched, HOUR, runCron } from "./helpers/alerts";
import { unsubscribeSubject } from "./helpers/unsubscribe";

/**
 * Runs the cron with EVENTS captured. The captured queue stands in for the consumer, so what
 * it got is stamped delivered (else the outbox sweep of a later tick re-sends it as lost).
 */
async function tick(cron: string, at: number) {
  const q = captured();
  await runCron(cron, at, q.env);
  await markDelivered(
    db(),
    q.sent.map((m) => m.id),
    at,
  );
  return q.sent;
}

const emails = (sent: QueueMessage[], template: string) =>
  sent.flatMap((m) => (m.type === "email.send" && m.template === template ? [m] : []));

/** The video interview in Berlin time the reminder texts describe, booked three days ahead, on a fresh application. */
async function videoInterview(
  job: Pick<JobRow, "id" | "companyId">,
  applicantId: string,
  startsAt: number,
  o: Partial<InterviewRow> = {},
) {
  const application = await makeApplication(job, applicantId, { status: "interviewing" });
  return makeInterview(application, {
    startsAt,
    createdAt: startsAt - 3 * DAY,
    durationMinutes: 45,
    timezone: "Europe/Berlin",
    kind: "video",
    meetingUrl: "https://meet.example.com/abc",
    ...o,
  });
}

describe("interview reminders", () => {
  it("24 h and 1 h before, to the applicant and company members, in each one's time zone, once each", async () => {
    const company = await makeCompany({ verified: true, name: "Acme" });
    const owner = await makeUser({ timezone: "America/New_York", role: "employer", firstName: "Olga" });
    const recruiter = await makeUser({ timezone: "Asia/Tokyo", role: "employer" });
    await addMember(company.id, owner.id, "owner");
    await addMember(company.id, recruiter.id, "recruiter");
    const applicant = await makeUser({ timezone: "Europe/Berlin", firstName: "Ada", lastName: "Lovelace" });
    const job = await makeJob({ companyId: company.id, title: "Edge Engineer" });
    // Wednesday 15 January 2031, 10:00 UTC (winter time everywhere involved).
    const start = Date.UTC(2031, 0, 15, 10);
    const iv = await videoInterview(job, applicant.id, start);
    // One application per job and applicant: the other interviews are for other jobs.
    const job2 = await makeJob({ companyId: company.id, title: "Edge Engineer II" });
    const job3 = await makeJob({ companyId: company.id, title: "Edge Engineer III" });
    const cancelled = await videoInterview(job2, applicant.id, start + 5 * 60_000, { status: "cancelled" });
    const lastMinute = await videoInterview(job3, applicant.id, start + 10 * 60_000, { createdAt: start - 10 * HOUR });
    const mine = (sent: QueueMessage[]) =>
      dispatched(sent).filter((e) => [iv.id, cancelled.id, lastMinute.id].includes(String(e.data?.interview_id)));

    expect(mine(await tick(CRON.hourly, start - 25 * HOUR))).toEqual([]);

    const day = mine(await tick(CRON.hourly, start - 23 * HOUR));
    expect(day.map((e) => e.id).sort()).toEqual(
      [applicant, owner, recruiter].map((u) => `reminder:interview:${iv.id}@${start}:24h:${u.id}`).sort(),
    );
    const byUser = new Map(day.map((e) => [e.recipients[0], e]));
    expect(byUser.get(applicant.id)?.body).toMatch(
      /^Video interview at Acme: Wednesday,? 15 January 2031.* 11:00 \(Europe\/Berlin\)\.$/,
    );
    expect(byUser.get(owner.id)?.body).toContain("05:00");
    expect(byUser.get(owner.id)?.body).toContain("with Ada Lovelace");
    expect(byUser.get(recruiter.id)?.body).toContain("19:00");
    expect(byUser.get(applicant.id)).toMatchObject({
      type: "interview_scheduled",
      title: "Reminder: interview for Edge Engineer tomorrow",
      data: { timezone: "Europe/Berlin", lead: "24h", role: "applicant" },
    });

    // Rerun of the tick and the next hour: nothing twice.
    expect(mine(await tick(CRON.hourly, start - 23 * HOUR))).toEqual([]);
    expect(mine(await tick(CRON.hourly, start - 22 * HOUR))).toEqual([]);

    // The email, through notify: the reminder template with the local time and an unsubscribe header.
    const mail = (await deliver(day)).find((m) => m.to === applicant.email);
    const rendered = renderTemplate(mail?.template ?? "", mail?.data ?? {});
    expect(rendered.subject).toBe("Reminder: interview for Edge Engineer tomorrow");
    // Formatted again from `starts_at` in the reader's language (English here), in the recipient's zone.
    expect(rendered.text).toMatch(/Wednesday, January 15, 2031 at 11:00\sAM \(Europe\/Berlin\), 45 minutes/);
    expect((await unsubscribeSubject(mail?.unsubscribe_url))?.kind).toBe("notification");

    // One hour before (five-minute cron): the 1 h reminder; the cancelled interview gets none.
    const hour = mine(await tick(CRON.everyFiveMinutes, start - 55 * 60_000));
    expect(hour.map((e) => e.id).sort()).toEqual(
      [applicant, owner, recruiter].map((u) => `reminder:interview:${iv.id}@${start}:1h:${u.id}`).sort(),
    );
    expect(mine(await tick(CRON.everyFiveMinutes, start - 55 * 60_000))).toEqual([]);
    // The interview booked only 10 h ahead never got a "tomorrow" reminder; its 1 h one comes once.
    const late = mine(await tick(CRON.everyFiveMinutes, start - 50 * 60_000));
    expect(late.map((e) => e.data?.interview_id)).toEqual([lastMinute.id, lastMinute.id, lastMinute.id]);
    expect(mine(await tick(CRON.everyFiveMinutes, start - 45 * 60_000))).toEqual([]);
    expect(mine(await tick(CRON.hourly, start - 30 * 60_000))).toEqual([]);
  });

  it("a rescheduled interview is reminded again for its new time", async () => {
    const company = await makeCompany({ verified: true });
    const applicant = await makeUser({ timezone: "UTC" });
    const job = await makeJob({ companyId: company.id });
    const start = Date.UTC(2031, 5, 1, 9);
    const iv = await videoInterview(job, applicant.id, start);
    const first = dispatched(await tick(CRON.hourly, start - 20 * HOUR)).filter((e) => e.data?.interview_id === iv.id);
    expect(first).toHaveLength(1);
    const moved = start + 2 * DAY;
    await db().update(interviews).set({ startsAt: moved }).where(eq(interviews.id, iv.id));
    const second = dispatched(await tick(CRON.hourly, moved - 20 * HOUR)).filter((e) => e.data?.interview_id === iv.id);
    expect(second.map((e) => e.id)).toEqual([`reminder:interview:${iv.id}@${moved}:24h:${applicant.id}`]);
  });
});

describe("application deadline reminders", () => {
  it("48 h before, to seekers who saved the job and have not applied, once", async () => {
    const company = await makeCompany({ verified: true, name: "Deadline Co" });
    const deadline = Date.UTC(2031, 1, 10, 17);
    const job = await makeJob({
      companyId: company.id,
      title: "Closing Soon",
      applicationDeadline: deadline,
      expiresAt: deadline + 10 * DAY,
    });
    const saver = await makeUser({ timezone: "Europe/Berlin" });
    const applied = await makeUser({ timezone: "UTC" });
    const unverified = await makeUser({ timezone: "UTC", verified: false });
    const suspended = await makeUser({ timezone: "UTC", status: "suspended" });
    for (const u of [saver, applied, unverified, suspended]) await saveJob(u.id, job.id);
    await makeApplication(job, applied.id);
    const mine = (sent: QueueMessage[]) =>
      emails(sent, "reminder.application_deadline").filter((m) => m.data.job_title === "Closing Soon");

    expect(mine(await tick(CRON.hourly, deadline - 72 * HOUR))).toEqual([]);
    const sent = mine(await tick(CRON.hourly, deadline - 47 * HOUR));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      id: `reminder:deadline:${job.id}@${deadline}:${saver.id}`,
      to: saver.email,
      user_id: saver.id,
      data: { timezone: "Europe/Berlin", company_name: "Deadline Co" },
    });
    expect(String(sent[0]?.data.deadline_local)).toContain("18:00");
    const rendered = renderTemplate("reminder.application_deadline", sent[0]?.data ?? {});
    expect(rendered.subject).toBe("Applications for Closing Soon close soon");
    expect(rendered.text).toContain(`/jobs/${job.id}/`);

    expect(mine(await tick(CRON.hourly, deadline - 47 * HOUR))).toEqual([]);
    expect(mine(await tick(CRON.hourly, deadline - 46 * HOUR))).toEqual([]);

    // A moved deadline is a new reminder.
    const later = deadline + DAY;
    await db().update(jobs).set({ applicationDeadline: later }).where(eq(jobs.id, job.id));
    expect(mine(await tick(CRON.hourly, later - 40 * HOUR)).map((m) => m.to)).toEqual([saver.email]);
  });
});

describe("stale draft notices", () => {
  it("drafts untouched for 30 days: one notice to the poster, or the owners when the poster is gone", async () => {
    const company = await makeCompany({ verified: true });
    const owner = await makeUser({ timezone: "UTC", role: "employer" });
    const poster = await makeUser({ timezone: "UTC", role: "employer" });
    await addMember(company.id, owner.id, "owner");
    await addMember(company.id, poster.id, "recruiter");
    const touched = Date.UTC(2031, 2, 1, 12);
    const draft = (o: Parameters<typeof makeJob>[0]) =>
      makeJob({ status: "draft", publishedAt: null, approvedAt: null, updatedAt: touched, ...o });
    const posted = await draft({ companyId: company.id, title: "Posted draft", postedBy: poster.id });
    const orphan = await draft({ companyId: company.id, title: "Orphan draft", postedBy: null });
    await draft({ companyId: company.id, title: "Scheduled", approvedAt: touched, publishAt: touched + 90 * DAY });
    await draft({ companyId: company.id, title: "Ancient", updatedAt: touched - 100 * DAY });
    const mine = (sent: QueueMessage[]) =>
      emails(sent, "reminder.stale_draft").filter((m) =>
        ["Posted draft", "Orphan draft", "Scheduled", "Ancient"].includes(String(m.data.job_title)),
      );

    expect(mine(await tick(CRON.daily, touched + 29 * DAY))).toEqual([]);
    const sent = mine(await tick(CRON.daily, touched + 31 * DAY));
    expect(sent.map((m) => `${m.data.job_title}→${m.to}`).sort()).toEqual(
      [`Orphan draft→${owner.email}`, `Posted draft→${poster.email}`].sort(),
    );
    expect(sent.find((m) => m.to === poster.email)?.id).toBe(
      `reminder:stale-draft:${posted.id}@${touched}:${poster.id}`,
    );
    expect(renderTemplate("reminder.stale_draft", sent[0]?.data ?? {}).subject).toContain("30 days");
    expect(mine(await tick(CRON.daily, touched + 31 * DAY))).toEqual([]);
    expect(mine(await tick(CRON.daily, touched + 32 * DAY))).toEqual([]);

    // The poster's account is suspended: the owners hear about it instead (after the draft is edited and goes stale again).
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, poster.id));
    const edited = touched + 40 * DAY;
    await db().update(jobs).set({ updatedAt: edited }).where(eq(jobs.id, posted.id));
    expect(mine(await tick(CRON.daily, edited + 31 * DAY)).map((m) => m.to)).toEqual([owner.email]);
    expect(orphan.postedBy).toBeNull();
  });
});

describe("reminder claims", () => {
  it("are pruned after 90 days by the daily cron", async () => {
    const now = Date.UTC(2032, 0, 1, 3);
    await db()
      .insert(reminderDeliveries)
      .values([
        { kind: "test", subjectId: "old", userId: "", createdAt: now - 91 * DAY },
        { kind: "test", subjectId: "recent", userId: "", createdAt: now - 10 * DAY },
      ]);
    await tick(CRON.daily, now);
    const left = await db().select().from(reminderDeliveries).where(eq(reminderDeliveries.kind, "test"));
    expect(left.map((r) => r.subjectId)).toEqual(["recent"]);
  });
});
