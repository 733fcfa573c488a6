/**
 * Job alerts: a seeker saves an instant alert, a verified company publishes a
 * matching job (no review), the alert arrives by email (with List-Unsubscribe)
 * and in-app; the email's link describes the alert on GET and its RFC 8058
 * one-click POST unsubscribes it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  expectStatus,
  get,
  localPath,
  loginAdmin,
  type Mail,
  post,
  registerVerified,
  request,
  type User,
  waitFor,
  waitForMail,
} from "./lib/client";
import { createCompany, createDraftJob, verifyCompany } from "./lib/fixtures";

// A word no other job has, so the alert matches only this run's job.
const word = `wombat${Date.now().toString(36)}`;
let employer: User;
let seeker: User;
let admin: User;
let alertId: string;
let jobId: string;
let mail: Mail;

beforeAll(async () => {
  [employer, seeker, admin] = await Promise.all([
    registerVerified("employer", "alerter"),
    registerVerified("seeker", "watcher"),
    loginAdmin(),
  ]);
});

describe("job alerts", () => {
  it("a seeker saves an instant alert", async () => {
    const alert = expectStatus(
      await post("/api/v1/alerts", {
        as: seeker,
        json: { name: "Wombat jobs", query: { q: word }, frequency: "instant", channels: ["email", "in_app"] },
      }),
      201,
    );
    alertId = alert.id;
    expect(alert.active).toBe(true);
    // Employers have no alerts.
    expect((await get("/api/v1/alerts", { as: employer })).status).toBe(403);
  });

  it("a job of a verified company publishes at once and triggers the alert email and notification", async () => {
    const company = await createCompany(employer, `Wombat Labs ${word}`);
    const verified = await verifyCompany(admin, company.id);
    expect(verified.is_verified).toBe(true);
    const job = await createDraftJob(employer, company.id, `Wombat Platform Engineer ${word}`);
    jobId = job.id;
    const published = expectStatus(await post(`/api/v1/jobs/${jobId}/publish`, { as: employer }), 200);
    expect(published.status).toBe("published");

    mail = await waitForMail(seeker.email, (m) => m.text.includes(word) || m.subject.includes(word));
    expect(mail.text).toContain("/api/v1/unsubscribe?token=");
    const header = Object.entries(mail.headers).find(([k]) => k.toLowerCase() === "list-unsubscribe")?.[1];
    expect(header).toMatch(/<https?:\/\/[^>]+>/);
    const post8058 = Object.entries(mail.headers).find(([k]) => k.toLowerCase() === "list-unsubscribe-post")?.[1];
    expect(post8058).toBe("List-Unsubscribe=One-Click");

    const note = await waitFor("the job_alert notification", async () => {
      const list = expectStatus(await get("/api/v1/notifications", { as: seeker }), 200);
      return list.data.find((n: { type: string }) => n.type === "job_alert");
    });
    expect(JSON.stringify(note)).toContain(jobId);
  });

  it("the unsubscribe link describes on GET and the one-click POST (RFC 8058) pauses the alert", async () => {
    const header = Object.entries(mail.headers).find(([k]) => k.toLowerCase() === "list-unsubscribe")?.[1] ?? "";
    const link = /<(https?:\/\/[^>]*\/api\/v1\/unsubscribe\?token=[^>]*)>/.exec(header)?.[1];
    expect(link, `List-Unsubscribe: ${header}`).toBeTruthy();
    // GET changes nothing: mail scanners prefetch links.
    const shown = expectStatus(await get(localPath(link as string)), 200);
    expect(shown).toMatchObject({ subject: { kind: "alert", alert: { id: alertId } }, unsubscribed: false });
    expect(expectStatus(await get(`/api/v1/alerts/${alertId}`, { as: seeker }), 200).active).toBe(true);

    const res = await request("POST", localPath(link as string), {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    const body = expectStatus(res, 200);
    expect(body).toMatchObject({ subject: { alert: { id: alertId } }, unsubscribed: true, changed: true });

    const alert = expectStatus(await get(`/api/v1/alerts/${alertId}`, { as: seeker }), 200);
    expect(alert.active).toBe(false);
    expect(alert.paused_reason).toBe("unsubscribed");

    // The link in the email body is the same, and repeating the POST is harmless.
    const textLink = /(https?:\/\/\S*\/api\/v1\/unsubscribe\?token=[^\s>]+)/.exec(mail.text)?.[1] as string;
    const again = expectStatus(await request("POST", localPath(textLink)), 200);
    expect(again).toMatchObject({ unsubscribed: true, changed: false });
    // A forged token is a clear 400, on the documented alert path too.
    expect((await get("/api/v1/unsubscribe", { query: { token: "forged.abc" } })).status).toBe(400);
    expect((await get("/api/v1/alerts/unsubscribe", { query: { token: "forged.abc" } })).status).toBe(400);
  });
});
