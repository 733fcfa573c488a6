/** Resumes (rows inserted directly; with `bytes`, the file is stored in R2 too). */
import { env } from "cloudflare:test";
import { newId } from "../../src/lib/ids";
import { type ResumeRow, resumes } from "../../src/platform/db/schema";
import { db } from "./support";

/** A parsed (status done) PDF resume, not primary; `bytes` puts a file behind it and sets its size. */
export async function makeResume(
  userId: string,
  o: Partial<ResumeRow> & { bytes?: Uint8Array } = {},
): Promise<ResumeRow> {
  const { bytes, ...fields } = o;
  const now = Date.now();
  const id = newId(now);
  const row: ResumeRow = {
    id,
    userId,
    title: "My CV",
    filename: "cv.pdf",
    contentType: "application/pdf",
    size: bytes?.byteLength ?? 100,
    r2Key: `resumes/${userId}/${id}`,
    parsedAt: null,
    isPrimary: false,
    parseStatus: "done",
    parseError: null,
    extractedText: null,
    extractedSkills: [],
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  if (bytes) await env.FILES.put(row.r2Key, bytes);
  await db().insert(resumes).values(row);
  return row;
}
