/**
 * Decompression bombs (security issue, item 3): every inflate is bounded by the
 * bytes it really produces, a refused file ends `failed` with its reason and is
 * never retried, the parse yields so requests keep being answered, and images
 * declaring absurd dimensions are refused at upload.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ExtractError, extractText } from "../src/modules/files/extract";
import { boundedInflate, InflateLimitError } from "../src/modules/files/inflate";
import { GAVE_UP_REASON } from "../src/modules/resumes/parse";
import { resumes } from "../src/platform/db/schema";
import { imageSize, oversizeReason } from "../src/platform/storage/image-size";
import { MIME } from "../src/platform/storage/sniff";
import { db, makeCompany, makeResume, makeUser, signedIn } from "./factories";
import { docxBomb, pdfBomb, pngHeader, zerosCompressed } from "./helpers/bombs";
import { api, call, expectProblem } from "./helpers/http";
import { deliverResumeParse } from "./helpers/profiles";

const row = (id: string) => db().select().from(resumes).where(eq(resumes.id, id)).get();

async function refusal(p: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await p;
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error("expected the extraction to be refused");
}

describe("bounded inflate", () => {
  it("stops at the cap by counting real output, and ignores bytes after the stream", async () => {
    const bomb = zerosCompressed(64);
    const { error } = await refusal(boundedInflate(bomb, { maxBytes: 8 * 1024 * 1024 }));
    expect(error).toBeInstanceOf(InflateLimitError);

    const small = zerosCompressed(1);
    const trailing = new Uint8Array(small.byteLength + 4096).fill(0x41);
    trailing.set(small);
    const r = await boundedInflate(trailing, { maxBytes: 2 * 1024 * 1024, keep: true });
    expect(r).toMatchObject({ size: 1024 * 1024, complete: true });
    expect(r.output?.byteLength).toBe(1024 * 1024);
  });
});

describe("parser bombs", () => {
  it("refuses a DOCX whose document.xml inflates past the cap although its header claims 1 KiB", async () => {
    const bomb = docxBomb(64);
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    const { error, ms } = await refusal(extractText(bomb, "docx"));
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as Error).message).toMatch(/inflates to more than 20 MB/);
    expect(ms).toBeLessThan(5000);
  });

  it("refuses a PDF with one FlateDecode stream past the per-stream cap, before pdf.js sees it", async () => {
    const { error, ms } = await refusal(extractText(pdfBomb([64]), "pdf"));
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as Error).message).toMatch(/more than 16 MB in one stream/);
    expect(ms).toBeLessThan(5000);
  });

  it("refuses a PDF whose streams together exceed the total budget", async () => {
    const { error } = await refusal(extractText(pdfBomb([15, 15, 15, 15]), "pdf"));
    expect((error as Error).message).toMatch(/more than 48 MB in total/);
  });

  it("refuses LZW streams, whose expansion the scan cannot measure, even behind #-escaped names", async () => {
    const pdf = new TextDecoder("latin1").decode(pdfBomb([])).replace("/Length", "/Filter /LZW#44ecode /Length");
    const bytes = Uint8Array.from(pdf, (c) => c.charCodeAt(0));
    const { error } = await refusal(extractText(bytes, "pdf"));
    expect((error as Error).message).toMatch(/LZW/);
  });

  it("still reads a PDF whose compressed streams stay within the budget", async () => {
    expect(await extractText(pdfBomb([2]), "pdf")).toContain("Ada Lovelace");
  });

  it("the queue job ends the resume failed with the reason, acknowledged and not retried", async () => {
    const user = await makeUser();
    const docx = await makeResume(user.id, { bytes: docxBomb(64), contentType: MIME.docx, parseStatus: "pending" });
    const pdf = await makeResume(user.id, { bytes: pdfBomb([64]), contentType: MIME.pdf, parseStatus: "pending" });
    for (const r of [docx, pdf]) {
      const result = await deliverResumeParse(r.id);
      expect(result.explicitAcks).toHaveLength(1);
      expect(result.retryMessages).toHaveLength(0);
    }
    expect(await row(docx.id)).toMatchObject({ parseStatus: "failed", extractedText: null });
    expect((await row(docx.id))?.parseError).toMatch(/word\/document\.xml inflates to more than 20 MB/);
    expect((await row(pdf.id))?.parseError).toMatch(/inflate to more than 16 MB/);
  });

  it("shows the reason to the owner through the API", async () => {
    const s = await signedIn();
    const r = await makeResume(s.user.id, { bytes: docxBomb(32), contentType: MIME.docx, parseStatus: "pending" });
    await deliverResumeParse(r.id);
    const got = await api.get(`/api/v1/resumes/${r.id}`, { token: s.token });
    expect(got.json).toMatchObject({ parse_status: "failed", parse_error: expect.stringMatching(/more than 20 MB/) });
  });

  it("yields while inflating: a request made during the parse is answered before the parse ends", async () => {
    const user = await makeUser();
    const r = await makeResume(user.id, {
      bytes: pdfBomb([15, 15, 15]),
      contentType: MIME.pdf,
      parseStatus: "pending",
    });
    const order: string[] = [];
    const parse = deliverResumeParse(r.id).then(() => order.push("parse"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const health = call("GET", "/health").then((res) => order.push(`health ${res.status}`));
    await Promise.all([parse, health]);
    expect(order).toEqual(["health 200", "parse"]);
  });

  it("a parse message whose retries are spent fails the resume instead of leaving it pending", async () => {
    const user = await makeUser();
    const r = await makeResume(user.id, {
      bytes: new TextEncoder().encode("Python"),
      contentType: MIME.txt,
      parseStatus: "pending",
    });
    await deliverResumeParse(r.id, "events-dlq");
    expect(await row(r.id)).toMatchObject({ parseStatus: "failed", parseError: GAVE_UP_REASON });
  });
});

describe("image dimension bounds", () => {
  it("reads PNG, JPEG and WebP (VP8, VP8L, VP8X) header dimensions", () => {
    expect(imageSize(pngHeader(50_000, 40_000), "png")).toEqual({ width: 50_000, height: 40_000 });
    // SOI, an APP0 segment, then SOF0 declaring 3000 (h) × 4000 (w).
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x0b, 0xb8, 0x0f, 0xa0, 3, 1, 0x11, 0,
    ]);
    expect(imageSize(jpeg, "jpeg")).toEqual({ width: 4000, height: 3000 });
    const riff = (fourcc: string, body: number[]) =>
      new Uint8Array([...new TextEncoder().encode(`RIFF\0\0\0\0WEBP${fourcc}`), 0, 0, 0, 0, ...body]);
    // VP8X: flags + reserved (4), then canvas width−1 / height−1 as 24-bit LE: 16384 × 2.
    expect(imageSize(riff("VP8X", [0, 0, 0, 0, 0xff, 0x3f, 0, 1, 0, 0]), "webp")).toEqual({
      width: 16384,
      height: 2,
    });
    // VP8L: 0x2f, then (w−1) | (h−1) << 14 = 9999 | 99 << 14.
    const bits = 9999 | (99 << 14);
    expect(imageSize(riff("VP8L", [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, 0]), "webp")).toEqual({
      width: 10_000,
      height: 100,
    });
    // VP8: frame tag (3), start code, 14-bit width and height: 640 × 480.
    expect(imageSize(riff("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]), "webp")).toEqual({
      width: 640,
      height: 480,
    });
    expect(oversizeReason({ width: 9000, height: 9000 })).toMatch(/pixels/);
    expect(oversizeReason({ width: 4000, height: 3000 })).toBeNull();
  });

  it("refuses an avatar PNG declaring 50 000 × 50 000 with 422, and one over the pixel cap", async () => {
    const s = await signedIn();
    const put = (bytes: Uint8Array) =>
      call("PUT", "/api/v1/profile/avatar", { token: s.token, raw: bytes, headers: { "Content-Type": "image/png" } });
    const huge = await put(pngHeader(50_000, 50_000));
    expectProblem({ status: huge.status, json: await huge.json(), headers: huge.headers }, 422, "image-too-large");
    expect((await put(pngHeader(9_000, 9_000))).status).toBe(422);
    expect((await put(pngHeader(800, 800))).status).toBe(200);
  });

  it("refuses an oversized company logo too", async () => {
    const owner = await signedIn({ role: "employer" });
    const co = await makeCompany({ members: [{ userId: owner.user.id }] });
    const r = await call("PUT", `/api/v1/companies/${co.id}/logo`, {
      token: owner.token,
      raw: pngHeader(20_000, 100),
      headers: { "Content-Type": "image/png" },
    });
    expect(r.status).toBe(422);
    expect(await env.FILES.list({ prefix: "images/logos/" }).then((l) => l.objects.length)).toBe(0);
  });
});
