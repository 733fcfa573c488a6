/**
 * Messages per application against the running server: the seeker applies,
 * the employer writes in the application's thread (the seeker's WebSocket gets
 * the message at once), the seeker reads and the unread count drops, an
 * attachment goes both ways, outsiders get 404; then the hire is rated and the
 * candidate answers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  base,
  del,
  expectStatus,
  get,
  loginAdmin,
  patch,
  post,
  put,
  registerVerified,
  request,
  type User,
  waitFor,
} from "./lib/client";
import { createCompany, createDraftJob, pdf, verifyCompany } from "./lib/fixtures";

const stamp = Date.now().toString(36);
let employer: User;
let seeker: User;
let stranger: User;
let applicationId: string;
let thread: string;

beforeAll(async () => {
  let admin: User;
  [employer, seeker, stranger, admin] = await Promise.all([
    registerVerified("employer", "msg-hirer"),
    registerVerified("seeker", "msg-applicant"),
    registerVerified("employer", "msg-stranger"),
    loginAdmin(),
  ]);
  const company = await createCompany(employer, `Wombat Messaging ${stamp}`);
  await verifyCompany(admin, company.id);
  const job = await createDraftJob(employer, company.id, `Wombat Engineer ${stamp}`);
  expect(expectStatus(await post(`/api/v1/jobs/${job.id}/publish`, { as: employer }), 200).status).toBe("published");
  const app = expectStatus(
    await post(`/api/v1/jobs/${job.id}/applications`, { as: seeker, json: { cover_letter: "Hello wombats." } }),
    201,
  );
  applicationId = app.id;
  thread = `/api/v1/applications/${applicationId}/messages`;
});

describe("messages per application", () => {
  it("the employer writes, the seeker gets it live, reads it, and the unread count drops", async () => {
    const ticket = expectStatus(await post("/api/v1/realtime/ticket", { as: seeker }), 201);
    const ws = new WebSocket(
      `${base.replace(/^http/, "ws")}/api/v1/realtime?ticket=${encodeURIComponent(ticket.ticket)}`,
    );
    const frames: { type: string; [k: string]: unknown }[] = [];
    ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data))));
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error("the WebSocket did not open")), { once: true });
    });
    let messageId: string;
    try {
      await waitFor("the first frame", async () => frames.find((f) => f.type === "unread_count"));
      const sent = expectStatus(
        await post(thread, { as: employer, json: { body: `Are you free on Tuesday? ${stamp}` } }),
        201,
      );
      messageId = sent.id;
      expect(sent.sender.side).toBe("company");
      const frame = await waitFor("the message frame", async () => frames.find((f) => f.type === "message"));
      expect((frame.message as { id: string }).id).toBe(messageId);
      const counts = await waitFor("the unread frame", async () => frames.find((f) => f.type === "message_unread"));
      expect(counts).toMatchObject({ application_id: applicationId, thread: 1, total: 1 });
    } finally {
      ws.close();
    }

    expect(expectStatus(await get("/api/v1/messages/unread", { as: seeker }), 200)).toEqual({ total: 1, threads: 1 });
    const threads = expectStatus(await get("/api/v1/messages/threads", { as: seeker }), 200);
    expect(threads.data).toEqual([expect.objectContaining({ application_id: applicationId, unread: 1 })]);

    const list = expectStatus(await get(thread, { as: seeker }), 200);
    expect(list.data.map((m: { id: string }) => m.id)).toEqual([messageId]);
    expect(list.thread.unread).toBe(1);

    const read = expectStatus(await post(`${thread}/read`, { as: seeker, json: {} }), 200);
    expect(read).toMatchObject({ up_to: messageId, unread: 0, unread_total: 0 });
    expect(expectStatus(await get("/api/v1/messages/unread", { as: seeker }), 200)).toEqual({ total: 0, threads: 0 });
    // The employer sees the read receipt.
    const seen = expectStatus(await get(thread, { as: employer }), 200);
    expect(seen.thread.read.applicant.up_to).toBe(messageId);
  });

  it("the seeker answers with a PDF; the employer downloads it; outsiders get 404", async () => {
    const form = new FormData();
    form.set("file", new Blob([pdf(["References", "Dr. Wombat"])], { type: "application/pdf" }), "references.pdf");
    form.set("body", "My references.");
    const sent = expectStatus(await post(`${thread}/attachments`, { as: seeker, form }), 201);
    expect(sent.attachment).toMatchObject({ filename: "references.pdf", content_type: "application/pdf" });
    const file = await request("GET", sent.attachment.url, { as: employer, headers: { Accept: "application/pdf" } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(file.text.startsWith("%PDF-")).toBe(true);

    expect((await get(thread, { as: stranger })).status).toBe(404);
    expect((await post(thread, { as: stranger, json: { body: "Let me in" } })).status).toBe(404);
    expect((await get(thread)).status).toBe(401);
  });

  it("blocking stops the other side until lifted", async () => {
    expectStatus(await put(`${thread}/block`, { as: seeker }), 200);
    const refused = await post(thread, { as: employer, json: { body: "Hello?" } });
    expect(refused.status).toBe(403);
    expectStatus(await del(`${thread}/block`, { as: seeker }), 200);
    expectStatus(await post(thread, { as: employer, json: { body: "Welcome back." } }), 201);
  });

  it("after the hire the company rates the candidate, who answers once", async () => {
    for (const status of ["reviewing", "shortlisted", "interviewing", "offered", "accepted"]) {
      expectStatus(await patch(`/api/v1/applications/${applicationId}`, { as: employer, json: { status } }), 200);
    }
    const rating = expectStatus(
      await post(`/api/v1/applications/${applicationId}/rating`, {
        as: employer,
        json: { rating: 5, body: "Thorough, kind and fast." },
      }),
      201,
    );
    expect(rating.rating).toBe(5);
    const answered = expectStatus(
      await put(`/api/v1/applications/${applicationId}/rating/response`, {
        as: seeker,
        json: { body: "Thank you!" },
      }),
      200,
    );
    expect(answered.response.body).toBe("Thank you!");
    const again = await put(`/api/v1/applications/${applicationId}/rating/response`, {
      as: seeker,
      json: { body: "Again" },
    });
    expect(again.status).toBe(409);
    // Hidden from the public profile until the candidate allows it.
    expect((await get(`/api/v1/users/${seeker.username}/ratings`)).status).toBe(404);
    // The thread outlives the hire.
    expect((await get(thread, { as: seeker })).status).toBe(200);
  });

  it("a freelance hire is rated once the company records the contract's end", async () => {
    const companyId = expectStatus(await get(`/api/v1/applications/${applicationId}`, { as: employer }), 200).company
      .id;
    const job = await createDraftJob(employer, companyId, `Wombat Freelancer ${stamp}`, { job_type: "freelance" });
    expectStatus(await post(`/api/v1/jobs/${job.id}/publish`, { as: employer }), 200);
    const app = expectStatus(await post(`/api/v1/jobs/${job.id}/applications`, { as: seeker, json: {} }), 201);
    for (const status of ["reviewing", "shortlisted", "interviewing", "offered", "accepted"]) {
      expectStatus(await patch(`/api/v1/applications/${app.id}`, { as: employer, json: { status } }), 200);
    }
    const body = { rating: 4, body: "Delivered the migration on time." };
    const early = await post(`/api/v1/applications/${app.id}/rating`, { as: employer, json: body });
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/contract-not-ended$/);
    expect((await post(`/api/v1/applications/${app.id}/contract-end`, { as: seeker, json: {} })).status).toBe(403);
    const ended = expectStatus(
      await post(`/api/v1/applications/${app.id}/contract-end`, { as: employer, json: {} }),
      200,
    );
    expect(Date.parse(ended.contract_ended_at)).toBeGreaterThan(0);
    expectStatus(await post(`/api/v1/applications/${app.id}/rating`, { as: employer, json: body }), 201);
  });
});
