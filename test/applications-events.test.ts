import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { consumeBatch } from "../src/queue/consumer";
import type { QueueMessage } from "../src/queue/messages";
import { addMember, makeApplication, pipelineWorld } from "./helpers/applications";
import { signedIn } from "./helpers/factories";

afterEach(() => vi.restoreAllMocks());

/** Runs the consumer on `messages` and returns the email.send messages the handlers produced. */
async function consume(messages: QueueMessage[]) {
  const sent: Array<{ to: string; template: string; id: string; data: Record<string, unknown> }> = [];
  const capture = (body: unknown) => {
    const m = body as { type: string; to: string; template: string; id: string; data: Record<string, unknown> };
    if (m.type === "email.send") sent.push(m);
  };
  vi.spyOn(env.EVENTS, "send").mockImplementation(async (body) => {
    capture(body);
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as never;
  });
  vi.spyOn(env.EVENTS, "sendBatch").mockImplementation(async (batch) => {
    for (const m of batch) capture(m.body);
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as never;
  });
  const batch = createMessageBatch(
    "events",
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await consumeBatch(batch, env, ctx);
  await waitOnExecutionContext(ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks).toHaveLength(messages.length);
  return sent;
}

const base = (id: string) => ({ id, created_at: Date.now() });

describe("pipeline event handlers", () => {
  it("application.submitted emails the applicant and the company's poster and owners", async () => {
    const w = await pipelineWorld();
    const recruiter = await signedIn({ role: "employer" });
    await addMember(w.company.id, recruiter.user.id, "recruiter"); // not the poster, not an owner: no email
    const app = await makeApplication(w.job, w.seeker.user.id);
    const sent = await consume([{ ...base("e1"), type: "application.submitted", application_id: app.id }]);
    expect(sent.map((m) => [m.template, m.to]).sort()).toEqual(
      [
        ["pipeline_application_received", w.employer.user.email],
        ["application_submitted", w.seeker.user.email],
      ].sort(),
    );
    expect(sent.find((m) => m.template === "pipeline_application_received")?.data.applicant_name).toBe("Test User");
    // Deterministic ids: a redelivered event produces the same email ids.
    const again = await consume([{ ...base("e1"), type: "application.submitted", application_id: app.id }]);
    expect(again.map((m) => m.id).sort()).toEqual(sent.map((m) => m.id).sort());
  });

  it("status changes email the applicant, except the move to interviewing", async () => {
    const w = await pipelineWorld();
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "offered" });
    const msg = (to: "offered" | "interviewing") => ({
      ...base(`s-${to}`),
      type: "application.status_changed" as const,
      application_id: app.id,
      from_status: "interviewing" as const,
      to_status: to,
      actor_role: "company" as const,
    });
    const sent = await consume([msg("offered"), msg("interviewing")]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: w.seeker.user.email, template: "pipeline_application_status_changed" });
    expect(sent[0]?.data.status_label).toBe("offer made");
  });

  it("application.withdrawn emails the company; interview events email the right side", async () => {
    const w = await pipelineWorld();
    const app = await makeApplication(w.job, w.seeker.user.id, { status: "interviewing" });
    const withdrawn = await consume([
      { ...base("w1"), type: "application.withdrawn", application_id: app.id, from_status: "interviewing" },
    ]);
    expect(withdrawn.map((m) => [m.template, m.to])).toEqual([["application_withdrawn", w.employer.user.email]]);
    expect(await consume([{ ...base("x"), type: "interview.scheduled", interview_id: "missing" }])).toEqual([]);
  });

  it("renders every new template with escaped HTML", async () => {
    const { renderTemplate } = await import("../src/email/templates");
    const data = {
      first_name: "<b>Ann</b>",
      job_title: "Dev & Ops",
      company_name: "Acme",
      applicant_name: "Bob",
      url: "https://x.test/a",
      ics_url: "https://x.test/i.ics",
      status_label: "in review",
      when: "Monday",
      kind: "video",
      duration_minutes: 30,
      where: "https://meet",
      response: "accepted",
      cancelled: false,
    };
    for (const name of [
      "application_submitted",
      "pipeline_application_received",
      "pipeline_application_status_changed",
      "application_withdrawn",
      "pipeline_interview_scheduled",
      "interview_updated",
      "interview_responded",
    ]) {
      const r = renderTemplate(name, data);
      expect(r.subject.length).toBeGreaterThan(5);
      expect(r.html).not.toContain("<b>Ann</b>");
      expect(r.html).toContain("&lt;b&gt;Ann&lt;/b&gt;");
      expect(r.text).toContain("<b>Ann</b>");
    }
  });
});
