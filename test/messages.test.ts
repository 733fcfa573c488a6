import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, messages, reports } from "../src/platform/db/schema";
import { db, signedIn } from "./factories";
import { api, call, expectProblem, startOfRateLimitWindow } from "./helpers/http";
import { post, postFile, thread } from "./helpers/messages";
import { buildPdf } from "./helpers/profiles";

describe("thread authorization", () => {
  it("lets the applicant, every company member and admins read; nobody else learns it exists", async () => {
    const t = await thread();
    await post(t, t.owner, "Hello Ada");
    const otherEmployer = await signedIn({ role: "employer" });
    const otherSeeker = await signedIn({ role: "seeker" });
    const admin = await signedIn({ role: "admin" });

    for (const who of [t.seeker, t.owner, t.recruiter]) {
      const r = await api.get(t.path, { token: who.token });
      expect(r.status).toBe(200);
      expect(r.json.data.map((m: { body: string }) => m.body)).toEqual(["Hello Ada"]);
    }
    const asAdmin = await api.get(t.path, { token: admin.token });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.json.thread.viewer).toBe("admin");

    for (const who of [otherEmployer, otherSeeker]) {
      expectProblem(await api.get(t.path, { token: who.token }), 404, "not-found");
      expectProblem(await api.post(t.path, { body: "hi" }, { token: who.token }), 404, "not-found");
      expectProblem(await api.post(`${t.path}/read`, {}, { token: who.token }), 404);
      expectProblem(await api.put(`${t.path}/block`, undefined, { token: who.token }), 404);
    }
    // Unknown applications look exactly like someone else's.
    expectProblem(
      await api.get("/api/v1/applications/0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b/messages", { token: t.seeker.token }),
      404,
    );
    // Admins read but never write.
    expectProblem(await api.post(t.path, { body: "hi" }, { token: admin.token }), 403, "forbidden-role");
    expectProblem(await api.get(t.path), 401);
    expectProblem(await api.post(t.path, { body: "hi" }), 401);
  });

  it("validates bodies and queries strictly", async () => {
    const t = await thread();
    expectProblem(await api.post(t.path, { body: "  " }, { token: t.seeker.token }), 400, "validation-error");
    expectProblem(await api.post(t.path, { body: "hi", extra: 1 }, { token: t.seeker.token }), 400, "validation-error");
    expectProblem(await api.get(`${t.path}?sort=old`, { token: t.seeker.token }), 400, "validation-error");
    expectProblem(await api.get(`${t.path}?cursor=nope`, { token: t.seeker.token }), 400, "invalid-cursor");
  });
});

describe("posting and reading", () => {
  it("pages newest first with a cursor; names the sender and side", async () => {
    const t = await thread();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await post(t, i % 2 ? t.seeker : t.recruiter, `m${i}`)).id);
    const first = await api.get(`${t.path}?limit=3`, { token: t.owner.token });
    expect(first.json.data.map((m: { body: string }) => m.body)).toEqual(["m4", "m3", "m2"]);
    expect(first.json.data[0].sender).toEqual({
      side: "company",
      user_id: t.recruiter.user.id,
      name: "Rita Recruiter",
    });
    expect(first.json.data[1].sender).toEqual({ side: "applicant", user_id: t.seeker.user.id, name: "Ada Lovelace" });
    const second = await api.get(`${t.path}?limit=3&cursor=${first.json.next_cursor}`, { token: t.owner.token });
    expect(second.json.data.map((m: { body: string }) => m.body)).toEqual(["m1", "m0"]);
    expect(second.json.next_cursor).toBeNull();
    // A cursor from another thread is refused.
    const other = await thread();
    expectProblem(
      await api.get(`${other.path}?cursor=${first.json.next_cursor}`, { token: other.seeker.token }),
      400,
      "invalid-cursor",
    );
  });

  it("survives the job closing", async () => {
    const t = await thread();
    await post(t, t.owner, "Before closing");
    await db().update(jobs).set({ status: "closed" }).where(eq(jobs.id, t.job.id));
    await post(t, t.seeker, "After closing");
    const r = await api.get(t.path, { token: t.seeker.token });
    expect(r.json.data.map((m: { body: string }) => m.body)).toEqual(["After closing", "Before closing"]);
  });
});

describe("unread counts and read receipts", () => {
  it("counts the other side's messages per thread and in total, and drops as the reader marks them read", async () => {
    const t = await thread();
    const t2 = await thread();
    await post(t, t.seeker, "my own messages never count");
    const a = await post(t, t.owner, "one");
    await post(t, t.recruiter, "two");
    await post(t2, t2.owner, "another company");
    // t2's seeker is someone else: t.seeker's totals cover only t.
    let unread = await api.get("/api/v1/messages/unread", { token: t.seeker.token });
    expect(unread.json).toEqual({ total: 2, threads: 1 });
    // The company side replied after the applicant's message, which it has therefore read.
    expect((await api.get("/api/v1/messages/unread", { token: t.owner.token })).json).toEqual({ total: 0, threads: 0 });

    const threads = await api.get("/api/v1/messages/threads", { token: t.seeker.token });
    expect(threads.json.unread_total).toBe(2);
    expect(threads.json.data).toEqual([
      expect.objectContaining({ application_id: t.app.id, job_title: "Edge Engineer", unread: 2 }),
    ]);

    const partial = await api.post(`${t.path}/read`, { up_to: a.id }, { token: t.seeker.token });
    expect(partial.status).toBe(200);
    expect(partial.json).toMatchObject({ up_to: a.id, unread: 1, unread_total: 1 });
    const all = await api.post(`${t.path}/read`, {}, { token: t.seeker.token });
    expect(all.json).toMatchObject({ unread: 0, unread_total: 0 });
    // The pointer never moves back.
    const back = await api.post(`${t.path}/read`, { up_to: a.id }, { token: t.seeker.token });
    expect(back.json.up_to).toBe(all.json.up_to);
    unread = await api.get("/api/v1/messages/unread", { token: t.seeker.token });
    expect(unread.json).toEqual({ total: 0, threads: 0 });
    // Replying reads the thread up to the reply, as in any chat.
    await post(t, t.owner, "three");
    expect((await api.get("/api/v1/messages/unread", { token: t.seeker.token })).json.total).toBe(1);
    await post(t, t.seeker, "answer");
    expect((await api.get("/api/v1/messages/unread", { token: t.seeker.token })).json.total).toBe(0);

    // The company sees how far the applicant read.
    const seen = await api.get(t.path, { token: t.owner.token });
    expect(seen.json.thread.read.applicant.up_to).not.toBeNull();
    expect(seen.json.thread.unread).toBe(1);
    // A message of another thread cannot be a read pointer.
    const foreign = await post(t2, t2.owner, "x");
    expectProblem(await api.post(`${t.path}/read`, { up_to: foreign.id }, { token: t.seeker.token }), 404);
  });
});

describe("blocking", () => {
  it("the applicant blocks the company's messages in the thread, and can lift it", async () => {
    const t = await thread();
    await post(t, t.owner, "hi");
    const b = await api.put(`${t.path}/block`, undefined, { token: t.seeker.token });
    expect(b.json).toEqual({ blocked_by_applicant: true, blocked_by_company: false });
    expectProblem(await api.post(t.path, { body: "again" }, { token: t.recruiter.token }), 403, "thread-blocked");
    // The applicant may still write.
    await post(t, t.seeker, "I block, but I can answer");
    const list = await api.get(t.path, { token: t.owner.token });
    expect(list.json.thread.blocked_by_applicant).toBe(true);
    await api.delete(`${t.path}/block`, { token: t.seeker.token });
    await post(t, t.owner, "thanks for unblocking");
  });

  it("a company member blocks the applicant for the whole company", async () => {
    const t = await thread();
    await api.put(`${t.path}/block`, undefined, { token: t.recruiter.token });
    expectProblem(await api.post(t.path, { body: "let me in" }, { token: t.seeker.token }), 403, "thread-blocked");
    const r = await postFile(t, t.seeker, { bytes: buildPdf(["cv"]), name: "cv.pdf" });
    expect(r.status).toBe(403);
    const threads = await api.get("/api/v1/messages/threads", { token: t.owner.token });
    expect(threads.json.data).toEqual([]);
    const unblock = await api.delete(`${t.path}/block`, { token: t.owner.token });
    expect(unblock.json).toEqual({ blocked_by_applicant: false, blocked_by_company: false });
    await post(t, t.seeker, "hello again");
  });
});

describe("attachments", () => {
  it("stores a PDF in R2 and serves it only to participants, as an attachment", async () => {
    const t = await thread();
    const pdf = buildPdf(["Signed contract"]);
    const r = await postFile(t, t.seeker, { bytes: pdf, name: "contract.pdf" }, { body: "Signed" });
    expect(r.status).toBe(201);
    expect(r.json.attachment).toMatchObject({
      filename: "contract.pdf",
      content_type: "application/pdf",
      size: pdf.byteLength,
    });
    const stored = await db().select().from(messages).where(eq(messages.id, r.json.id)).get();
    expect(stored?.attachmentKey).toBe(`messages/${t.app.id}/${r.json.id}`);
    expect(await env.FILES.head(stored?.attachmentKey ?? "")).not.toBeNull();

    const dl = await call("GET", r.json.attachment.url, { token: t.owner.token });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("Content-Type")).toBe("application/pdf");
    expect(dl.headers.get("Content-Disposition")).toContain('attachment; filename="contract.pdf"');
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(pdf);
    const stranger = await signedIn({ role: "employer" });
    const denied = await call("GET", r.json.attachment.url, { token: stranger.token });
    expect(denied.status).toBe(404);
    await denied.body?.cancel();
  });

  it("sniffs the content like resumes do: HTML named .pdf is refused and nothing is stored", async () => {
    const t = await thread();
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const r = await postFile(t, t.seeker, { bytes: html, name: "cv.pdf", type: "application/pdf" });
    expectProblem(r as never, 415, "unsupported-file-type");
    const listed = await env.FILES.list({ prefix: `messages/${t.app.id}/` });
    expect(listed.objects).toHaveLength(0);
  });

  it("refuses uploads from outside the thread (404) and from admins (403) before storing anything", async () => {
    const t = await thread();
    const file = { bytes: buildPdf(["x"]), name: "x.pdf" };
    expect((await postFile(t, await signedIn({ role: "employer" }), file)).status).toBe(404);
    expect((await postFile(t, await signedIn({ role: "seeker" }), file)).status).toBe(404);
    expect((await postFile(t, await signedIn({ role: "admin" }), file)).status).toBe(403);
    const listed = await env.FILES.list({ prefix: `messages/${t.app.id}/` });
    expect(listed.objects).toHaveLength(0);
  });
});

describe("reporting", () => {
  it("files a report about a message; a moderator's hide blanks it for everyone", async () => {
    const t = await thread();
    const m = await post(t, t.seeker, "something abusive");
    expectProblem(await api.post(`${t.path}/${m.id}/report`, { reason: "mine" }, { token: t.seeker.token }), 403);
    const r = await api.post(`${t.path}/${m.id}/report`, { reason: "Abusive language" }, { token: t.owner.token });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ target_type: "message", target_id: m.id, status: "open" });
    const again = await api.post(`${t.path}/${m.id}/report`, { reason: "Again" }, { token: t.owner.token });
    expect(again.json.id).toBe(r.json.id);
    const stranger = await signedIn({ role: "employer" });
    expectProblem(await api.post(`${t.path}/${m.id}/report`, { reason: "nosy" }, { token: stranger.token }), 404);

    const admin = await signedIn({ role: "admin" });
    const queue = await api.get("/api/v1/admin/reports?target_type=message&limit=100", { token: admin.token });
    const queued = queue.json.data.find((x: { id: string }) => x.id === r.json.id);
    // The queue shows the message itself, who sent it and where, so a moderator can judge it.
    expect(queued.target).toMatchObject({
      type: "message",
      id: m.id,
      application_id: t.app.id,
      body: "something abusive",
      sender_side: "applicant",
      sender: { id: t.seeker.user.id },
      status: "visible",
    });
    const resolved = await api.post(
      `/api/v1/admin/reports/${r.json.id}/resolve`,
      { action: "hide" },
      { token: admin.token },
    );
    expect(resolved.status).toBe(200);
    const list = await api.get(t.path, { token: t.seeker.token });
    expect(list.json.data[0]).toMatchObject({ id: m.id, body: "", status: "hidden" });
    const row = await db().select().from(reports).where(eq(reports.id, r.json.id)).get();
    expect(row?.status).toBe("resolved");
  });
});

describe("rate limits", () => {
  it("allows 10 messages a minute per user and thread", async () => {
    const t = await thread();
    await startOfRateLimitWindow();
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await api.post(t.path, { body: `n${i}` }, { token: t.seeker.token })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
