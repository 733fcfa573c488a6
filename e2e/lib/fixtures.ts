/**
 * Builders for the data a flow needs: a company and a published job of an
 * employer, a small real PDF resume.
 */
import { expect } from "vitest";
import { expectStatus, post, type User } from "./client";

/** A one-page PDF 1.4 with the given lines of text (valid xref, so real parsers read it). */
export function pdf(lines: string[]): Uint8Array<ArrayBuffer> {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 12 Tf 72 720 Td 16 TL ${lines.map((l) => `(${esc(l)}) '`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

export async function createCompany(employer: User, name: string) {
  const company = expectStatus(
    await post("/api/v1/companies", {
      as: employer,
      json: {
        name,
        description: "Builds things end to end.",
        website: "https://example.com",
        industry: "Software",
        size: "11-50",
        headquarters: "Lisbon, Portugal",
        // A company founded this year is valid (the upper bound is the current year, read per request).
        founded_year: new Date().getUTCFullYear(),
        benefits: ["Remote-friendly"],
      },
    }),
    201,
  );
  expect(company.is_verified).toBe(false);
  return company;
}

export function jobBody(companyId: string, title: string, extra: Record<string, unknown> = {}) {
  return {
    company_id: companyId,
    title,
    description: `We are hiring a ${title} to build reliable APIs with TypeScript and PostgreSQL.`,
    requirements: "- TypeScript\n- PostgreSQL",
    location: { city: "Lisbon", region: "Lisbon", country: "PT" },
    is_remote: true,
    job_type: "full_time",
    experience_level: "senior",
    salary: { min: 60000, max: 80000, currency: "EUR", period: "year" },
    skills: [
      { name: "TypeScript", required: true },
      { name: "PostgreSQL", required: false },
    ],
    ...extra,
  };
}

export async function createDraftJob(employer: User, companyId: string, title: string, extra = {}) {
  const job = expectStatus(await post("/api/v1/jobs", { as: employer, json: jobBody(companyId, title, extra) }), 201);
  expect(job.status).toBe("draft");
  return job;
}

/** Verifies the company as the admin, so its jobs publish without review. */
export async function verifyCompany(admin: User, companyId: string) {
  const verified = expectStatus(await post(`/api/v1/admin/companies/${companyId}/verify`, { as: admin }), 200);
  return verified;
}
