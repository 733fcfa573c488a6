/**
 * Pipeline events → notifications (in-app rows, emails through the email
 * pipeline into the dev mailbox) and the plain pipeline emails. The consumer
 * runs on a batch; what it enqueues is captured and the emails are delivered
 * through the real `email.send` handler.
 */
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DAY } from "../src/lib/time";
import { devMailbox, notificationPreferences, notifications } from "../src/platform/db/schema";
import { renderTemplate } from "../src/platform/email/templates";
import type { MessageOf, QueueMessage } from "../src/platform/queue/messages";
import { consumeBatch, handlers } from "../src/queue";
import { addMember, db, makeApplication, makeInterview, signedIn } from "./factories";
import { pipelineWorld } from "./helpers/applications";
import { captureQueue, envWith } from "./helpers/notifications";
import { unsubscribeSubject } from "./helpers/unsubscribe";

/** Runs the consumer on `messages`; delivers the emails it produced into the dev mailbox; returns them. */
async function consume(messages: QueueMessage[]) {
  const { sent, queue } = captureQueue();
  const testEnv = envWith({ EVENTS: queue });
  const batch = createMessageBatch(
    "events",
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await consumeBatch(batch, testEnv, ctx);
  await waitOnExecutionContext(ctx);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(messages.length);
  const emails = sent.filter((m): m is MessageOf<"email.send"> => m.type === "email.send");
  for (const m of emails) await handlers["email.send"](m, { env, ctx, attempts: 1 });
  return emails;
}

const base = (id: string) => ({ id, created_at: Date.now() });
const rowsFor = (userId: string) => db().select().from(notifications).where(eq(notifications.userId, userId));
const mailTo = (to: string) => db().select().from(devMailbox).where(eq(devMailbox.to, to.toLowerCase()));

describe("application.submitted", () => {
  it("confirms to the applicant and notifies every company member once, by preference", async () => {
    const w = await pipelineWorld();
    const recruiter = await signedIn({ role: "employer" });
    await addMember(w.company.id, recruiter.user.id, "recruiter");
    const quiet = await signedIn({ role: "employer" });
    await addMember(w.company.id, quiet.user.id, "recruiter");
    await db().insert(notificationPreferences).values({
      userId: quiet.user.id,
      type: "application_received",
      email: false,
      updatedAt: Date.now(),
    });
    const outsider = await signedIn({ role: "employer" });
    const app = await makeApplication(w.job, w.seeker.user.id);
    const msg = { ...base("e1"), type: "application.submitted" as const, application_id: app.id };

    const sent = await consume([msg]);
    expect(sent.map((m) => [m.template, m.to]).sort()).toEqual(
      [
        ["application_submitted", w.seeker.user.email],
        ["notify.application_received", w.employer.user.email],
        ["notify.application_received", recruiter.user.email],
      ].sort(),
    );
    for (const member of [w.employer, recruiter, quiet]) {
      const rows = await rowsFor(member.user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        type: "application_received",
        title: `New application for ${w.job.title}`,
        actionUrl: `/applications/${app.id}`,
        eventId: `application_received:${app.id}`,
        data: { application_id: app.id, applicant_name: "Test User", job_title: w.job.title },
      });
    }
    expect(await rowsFor(outsider.user.id)).toHaveLength(0);
    expect(await rowsFor(w.seeker.user.id)).toHaveLength(0);

    const [received] = await mailTo(recruiter.user.email);
    expect(received?.subject).toBe(`New application for ${w.job.title}`);
    expect(received?.text).toContain("Test User applied");
    expect(received?.text).toContain(`/applications/${app.id}`);
    // Non-security notification emails carry the type's own one-click unsubscribe link.
    expect(received?.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const link = /^<(.+)>$/.exec(String(received?.headers["List-Unsubscribe"]))?.[1];
    expect(await unsubscribeSubject(link)).toEqual({
      kind: "notification",
      userId: recruiter.user.id,
      type: "application_received",
    });
    const [receipt] = await mailTo(w.seeker.user.email);
    expect(receipt?.subject).toBe(`Your application for ${w.job.title} was sent`);
    expect(await mailTo(quiet.user.email)).toHaveLength(0);

    // A redelivered event creates no second row and no second email.
    const again = await consume([msg]);
    expect(again.map((m) => m.template)).toEqual(["application_submitted"]);
    expect(again[0]?.id).toBe(sent.find((m) => m.template === "application_submitted")?.id);
    expect(await rowsFor(recruiter.user.id)).toHaveLength(1);
    expect(await mailTo(w.seeker.user.email)).toHaveLength(1);
  });
});

describe("application.status_changed", () => {
  it("notifies the applicant, except for the move to interviewing", async () => {
    const w = await pipelineWorld();
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "offered" });
    const msg = (to: "offered" | "interviewing") => ({
      ...base(`s-${to}-${app.id}`),
      type: "application.status_changed" as const,
      application_id: app.id,
      from_status: "interviewing" as const,
      to_status: to,
      actor_role: "company" as const,
    });
    const sent = await consume([msg("offered"), msg("interviewing")]);
    expect(sent.map((m) => [m.template, m.to])).toEqual([["notify.application_status_changed", w.seeker.user.email]]);
    const rows = await rowsFor(w.seeker.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: "application_status_changed",
      title: `Your application for ${w.job.title}: offer made`,
      data: { status: "offered", application_id: app.id },
    });
    const [mail] = await mailTo(w.seeker.user.email);
    expect(mail?.subject).toBe(`Your application for ${w.job.title}: offered`);
    expect(mail?.text).toContain("is now: offer made");
  });
});

describe("interview events", () => {
  it("notifies the applicant when scheduled and when cancelled, with calendar link and details", async () => {
    const w = await pipelineWorld();
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "interviewing" });
    const iv = await makeInterview(app, {
      startsAt: Date.now() + 2 * DAY,
      durationMinutes: 45,
      timezone: "Europe/Berlin",
      kind: "video",
      meetingUrl: "https://meet.example.com/abc",
    });
    await consume([{ ...base(`iv-${iv.id}`), type: "interview.scheduled", interview_id: iv.id }]);
    await consume([{ ...base(`ivu-${iv.id}`), type: "interview.updated", interview_id: iv.id, change: "cancelled" }]);

    const rows = (await rowsFor(w.seeker.user.id)).sort(
      (a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id),
    );
    expect(rows.map((r) => r.title)).toEqual([
      `Interview scheduled: ${w.job.title}`,
      `Interview cancelled: ${w.job.title}`,
    ]);
    expect(rows[0]).toMatchObject({
      type: "interview_scheduled",
      data: { interview_id: iv.id, timezone: "Europe/Berlin", kind: "video", change: "scheduled" },
    });
    const mails = await mailTo(w.seeker.user.email);
    const invite = mails.find((m) => m.subject.startsWith("Interview scheduled"));
    expect(invite?.text).toContain(`/api/v1/interviews/${iv.id}/ics`);
    expect(invite?.text).toContain("https://meet.example.com/abc");
    expect(invite?.text).toContain("Europe/Berlin");
    const cancelled = mails.find((m) => m.subject.startsWith("Interview cancelled"));
    expect(cancelled?.text).not.toContain("https://meet.example.com/abc");

    // The employer hears nothing from these; a missing interview is a no-op.
    expect(await rowsFor(w.employer.user.id)).toHaveLength(0);
    expect(await consume([{ ...base("x"), type: "interview.scheduled", interview_id: "missing" }])).toEqual([]);
  });
});

describe("plain pipeline emails", () => {
  it("application.withdrawn emails the company's poster and owners", async () => {
    const w = await pipelineWorld();
    const recruiter = await signedIn({ role: "employer" });
    await addMember(w.company.id, recruiter.user.id, "recruiter");
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "interviewing" });
    const sent = await consume([
      { ...base("w1"), type: "application.withdrawn", application_id: app.id, from_status: "interviewing" },
    ]);
    expect(sent.map((m) => [m.template, m.to])).toEqual([["application_withdrawn", w.employer.user.email]]);
    const [mail] = await mailTo(w.employer.user.email);
    expect(mail?.subject).toBe(`Test User withdrew their application for ${w.job.title}`);
  });

  it("renders the remaining pipeline templates with escaped HTML", () => {
    const data = {
      first_name: "<b>Ann</b>",
      job_title: "Dev & Ops",
      company_name: "Acme",
      applicant_name: "Bob",
      url: "https://x.test/a",
      response: "accepted",
      when: "Monday",
      change: "rescheduled",
      ics_url: "https://x.test/i.ics",
    };
    for (const name of [
      "application_submitted",
      "application_withdrawn",
      "interview_responded",
      "notify.interview_scheduled",
    ]) {
      const r = renderTemplate(name, data);
      expect(r.subject.length).toBeGreaterThan(5);
      expect(r.html).not.toContain("<b>Ann</b>");
      expect(r.html).toContain("&lt;b&gt;Ann&lt;/b&gt;");
    }
    expect(renderTemplate("notify.interview_scheduled", data).subject).toBe("Interview rescheduled: Dev & Ops");
  });
});

describe("notification rows and preferences", () => {
  it("a seeker who switched application emails off still gets the in-app row", async () => {
    const w = await pipelineWorld();
    await db().insert(notificationPreferences).values({
      userId: w.seeker.user.id,
      type: "application_status_changed",
      email: false,
      updatedAt: Date.now(),
    });
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "rejected" });
    const sent = await consume([
      {
        ...base(`r-${app.id}`),
        type: "application.status_changed",
        application_id: app.id,
        from_status: "reviewing",
        to_status: "rejected",
        actor_role: "company",
      },
    ]);
    expect(sent).toEqual([]);
    const rows = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.seeker.user.id), eq(notifications.type, "application_status_changed")));
    expect(rows.map((r) => r.data)).toEqual([expect.objectContaining({ status: "rejected" })]);
  });
});
