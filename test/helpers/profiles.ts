/**
 * Fixtures for the profiles/resumes tests: real PDF, DOCX and PNG bytes built
 * in code (no binary files in the repo), upload helpers and queue delivery.
 */
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { strToU8, zipSync } from "fflate";
import worker from "../../src/index";
import { newId } from "../../src/lib/ids";
import { addMember, makeApplication, makeCompany, makeJob } from "../factories";
import { call } from "./http";

const enc = new TextEncoder();

/** A minimal, valid PDF 1.4 with one page showing `lines` in Helvetica (xref offsets computed). */
export function buildPdf(lines: string[]): Uint8Array {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 12 Tf 72 720 Td ${lines.map((l, i) => `${i ? "0 -16 Td " : ""}(${esc(l)}) Tj`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${enc.encode(content).length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(enc.encode(out).length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = enc.encode(out).length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return enc.encode(out);
}

/** A minimal DOCX: [Content_Types].xml + word/document.xml, one paragraph per entry. */
export function buildDocx(paragraphs: string[]): Uint8Array {
  const x = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${x(p)}</w:t></w:r></w:p>`).join("");
  return zipSync({
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    "word/document.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        `<w:body>${body}</w:body></w:document>`,
    ),
  });
}

/** A real 1×1 PNG; `salt` changes its bytes (a tEXt chunk) so each call can get its own content hash. */
export function buildPng(salt = ""): Uint8Array {
  const base = Uint8Array.from(
    atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
    (ch) => ch.charCodeAt(0),
  );
  if (!salt) return base;
  // Append the salt after IEND: decoders ignore trailing bytes, sniffing only reads the signature.
  const extra = enc.encode(salt);
  const out = new Uint8Array(base.length + extra.length);
  out.set(base);
  out.set(extra, base.length);
  return out;
}

export function multipart(
  file: { bytes: Uint8Array; name: string; type?: string },
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  form.set("file", new File([file.bytes], file.name, { type: file.type ?? "application/octet-stream" }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

/** POST /resumes with a multipart body; returns status and JSON. */
export async function uploadResume(
  token: string | undefined,
  file: { bytes: Uint8Array; name: string; type?: string },
  fields: Record<string, string> = {},
) {
  const res = await call("POST", "/api/v1/resumes", { token, raw: multipart(file, fields) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

/** A company with `memberId` as recruiter, a published job, and an application by `applicantId` with `resumeId`. */
export async function applicationWithResume(memberId: string, applicantId: string, resumeId: string | null) {
  const company = await makeCompany({ name: "Acme" });
  await addMember(company.id, memberId, "recruiter");
  const job = await makeJob({ companyId: company.id, title: "Engineer", description: "Build things" });
  await makeApplication(job, applicantId, { resumeId });
  return { companyId: company.id, jobId: job.id };
}

/** Delivers one `resume.parse` message for `resumeId` to the Worker's queue consumer (or the dead letter's). */
export async function deliverResumeParse(resumeId: string, queue: "events" | "events-dlq" = "events") {
  const batch = createMessageBatch(queue, [
    {
      id: newId(),
      timestamp: new Date(),
      attempts: 1,
      body: { type: "resume.parse", id: newId(), created_at: Date.now(), resume_id: resumeId },
    },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  await waitOnExecutionContext(ctx);
  return getQueueResult(batch, ctx);
}
