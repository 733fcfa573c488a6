import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { resumes } from "../src/platform/db/schema";
import { db, makeResume, signedIn } from "./factories";
import { api, call, expectProblem } from "./helpers/http";
import { buildDocx, buildPdf, uploadResume } from "./helpers/profiles";

const txt = (s: string) => ({ bytes: new TextEncoder().encode(s), name: "cv.txt", type: "text/plain" });

describe("POST /resumes", () => {
  it("stores a PDF under an id-only key, first one primary, parse pending", async () => {
    const s = await signedIn();
    const r = await uploadResume(s.token, { bytes: buildPdf(["Hello"]), name: "My CV (final).pdf" }, { title: "Main" });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      title: "Main",
      filename: "My CV (final).pdf",
      content_type: "application/pdf",
      is_primary: true,
      parse_status: "pending",
      extracted_skills: [],
    });
    expect(r.headers.get("Location")).toBe(`/api/v1/resumes/${r.json.id}`);
    const stored = await db().select().from(resumes).where(eq(resumes.id, r.json.id)).get();
    expect(stored?.r2Key).toBe(`resumes/${s.user.id}/${r.json.id}`);
    const object = await env.FILES.head(stored?.r2Key ?? "");
    expect(object?.customMetadata).toMatchObject({ owner: s.user.id, original_filename: "My CV (final).pdf" });

    const second = await uploadResume(s.token, { bytes: buildDocx(["x"]), name: "other.pdf" });
    expect(second.status).toBe(201);
    expect(second.json.is_primary).toBe(false);
    // The name gets the extension of the real content.
    expect(second.json.filename).toBe("other.docx");
    expect(second.json.content_type).toContain("wordprocessingml");
  });

  it("refuses spoofed types by content: HTML named .pdf, PNG named .txt", async () => {
    const s = await signedIn();
    const html = { bytes: new TextEncoder().encode("<!doctype html><script>alert(1)</script>"), name: "cv.pdf" };
    expectProblem(await uploadResume(s.token, { ...html, type: "application/pdf" }), 415, "unsupported-file-type");
    const png = { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), name: "cv.txt" };
    expectProblem(await uploadResume(s.token, png), 415);
    expect(await db().select().from(resumes).where(eq(resumes.userId, s.user.id))).toHaveLength(0);
  });

  it("refuses files over 5 MB with 413", async () => {
    const s = await signedIn();
    const big = new Uint8Array(5 * 1024 * 1024 + 10).fill(0x41);
    expectProblem(await uploadResume(s.token, { bytes: big, name: "big.txt" }), 413);
  });

  it("validates the form: missing file, unknown field", async () => {
    const s = await signedIn();
    const form = new FormData();
    form.set("title", "no file");
    expectProblem(await api.post("/api/v1/resumes", undefined, { token: s.token, raw: form } as never), 400);
    const r = await uploadResume(s.token, txt("Python"), { owner_id: "x" });
    expectProblem(r, 400, "validation-error");
  });

  it("is for seekers only", async () => {
    const e = await signedIn({ role: "employer" });
    expectProblem(await uploadResume(e.token, txt("x")), 403);
    expectProblem(await uploadResume(undefined, txt("x")), 401);
  });
});

describe("list, get, patch, delete", () => {
  it("lists own resumes newest first with cursor pagination", async () => {
    const s = await signedIn();
    const ids: string[] = [];
    for (const n of ["a", "b", "c"]) ids.push((await uploadResume(s.token, txt(`Resume ${n}`))).json.id);
    const other = await signedIn();
    await uploadResume(other.token, txt("not yours"));
    const page1 = await api.get("/api/v1/resumes?limit=2", { token: s.token });
    expect(page1.json.data.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    const page2 = await api.get(`/api/v1/resumes?limit=2&cursor=${page1.json.next_cursor}`, { token: s.token });
    expect(page2.json.data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(page2.json.next_cursor).toBeNull();
    expectProblem(await api.get("/api/v1/resumes?cursor=@@", { token: s.token }), 400);
  });

  it("switches the primary resume atomically and keeps exactly one", async () => {
    const s = await signedIn();
    const a = (await uploadResume(s.token, txt("a"))).json;
    const b = (await uploadResume(s.token, txt("b"))).json;
    const r = await api.patch(`/api/v1/resumes/${b.id}`, { is_primary: true, title: "Renamed" }, { token: s.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ is_primary: true, title: "Renamed" });
    expect((await api.get(`/api/v1/resumes/${a.id}`, { token: s.token })).json.is_primary).toBe(false);
    expectProblem(await api.patch(`/api/v1/resumes/${b.id}`, { is_primary: false }, { token: s.token }), 400);
    expectProblem(await api.patch(`/api/v1/resumes/${b.id}`, { size: 1 }, { token: s.token }), 400);
  });

  it("promotes the newest remaining resume when the primary is deleted and releases the file", async () => {
    const s = await signedIn();
    const a = (await uploadResume(s.token, txt("a"))).json;
    const b = (await uploadResume(s.token, txt("b"))).json;
    const c = (await uploadResume(s.token, txt("c"))).json;
    const key = `resumes/${s.user.id}/${a.id}`;
    expect((await api.delete(`/api/v1/resumes/${a.id}`, { token: s.token })).status).toBe(204);
    const list = (await api.get("/api/v1/resumes", { token: s.token })).json.data;
    expect(list.map((r: { id: string; is_primary: boolean }) => [r.id, r.is_primary])).toEqual([
      [c.id, true],
      [b.id, false],
    ]);
    // The orphan handler deletes the file once no row points at it.
    const { handleFileOrphaned } = await import("../src/modules/files/service");
    expect(await handleFileOrphaned(db(), env.FILES, key)).toBe("deleted");
    expect(await env.FILES.head(key)).toBeNull();
    expectProblem(await api.delete(`/api/v1/resumes/${a.id}`, { token: s.token }), 404);
  });

  it("hides other seekers' resumes (404) and refuses employers (403)", async () => {
    const owner = await signedIn();
    const id = (await uploadResume(owner.token, txt("mine"))).json.id;
    const other = await signedIn();
    expectProblem(await api.get(`/api/v1/resumes/${id}`, { token: other.token }), 404);
    expectProblem(await api.patch(`/api/v1/resumes/${id}`, { title: "x" }, { token: other.token }), 404);
    expectProblem(await api.delete(`/api/v1/resumes/${id}`, { token: other.token }), 404);
    expectProblem(await api.post(`/api/v1/resumes/${id}/share-link`, {}, { token: other.token }), 404);
    expectProblem(await call("GET", `/api/v1/resumes/${id}/download`, { token: other.token }).then(toR), 404);
    const employer = await signedIn({ role: "employer" });
    expectProblem(await api.get(`/api/v1/resumes/${id}`, { token: employer.token }), 403);
    expectProblem(await api.get("/api/v1/resumes"), 401);
  });
});

async function toR(res: Response) {
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

describe("upload limits", () => {
  it("allows 10 uploads per user per minute, then 429 with Retry-After", async () => {
    const s = await signedIn();
    for (let i = 0; i < 10; i++) expect((await uploadResume(s.token, txt(`r${i}`))).status).toBe(201);
    const last = await uploadResume(s.token, txt("again"));
    expectProblem(last, 429, "rate-limited");
    expect(last.headers.get("Retry-After")).toBe("60");
  });

  it("keeps at most 10 resumes per seeker (409)", async () => {
    const s = await signedIn();
    for (let i = 0; i < 10; i++)
      await makeResume(s.user.id, {
        bytes: new TextEncoder().encode(`r${i}`),
        contentType: "text/plain; charset=utf-8",
        parseStatus: "pending",
      });
    expectProblem(await uploadResume(s.token, txt("eleventh")), 409, "limit-reached");
  });
});

describe("DOCX detection", () => {
  it("accepts a Word package but refuses other Office ZIPs named .docx (415)", async () => {
    const { strToU8, zipSync } = await import("fflate");
    const s = await signedIn();
    const xlsx = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "xl/workbook.xml": strToU8("<workbook/>") });
    expectProblem(await uploadResume(s.token, { bytes: xlsx, name: "cv.docx" }), 415);
    expect((await uploadResume(s.token, { bytes: buildDocx(["ok"]), name: "cv.docx" })).status).toBe(201);
  });
});
