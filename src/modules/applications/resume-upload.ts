/**
 * Stores a resume uploaded together with an application. The resumes module
 * (profiles issue) owns resumes; this is the one small seam the integrator can
 * swap for that module's own upload function.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type ResumeRow, resumes } from "../../db/schema";
import { DOCUMENT_KINDS, MAX_DOCUMENT_BYTES, putObject, readFormFile, sanitizeFilename } from "../../files/storage";
import { newId } from "../../lib/ids";

export function resumeKey(userId: string, resumeId: string): string {
  return `resumes/${userId}/${resumeId}`;
}

/** Checks the file (size, type by content), writes it to R2 and inserts the resumes row. */
export async function createResumeFromUpload(
  db: Db,
  bucket: R2Bucket,
  userId: string,
  file: File,
  title?: string | null,
): Promise<ResumeRow> {
  const read = await readFormFile(file, DOCUMENT_KINDS, MAX_DOCUMENT_BYTES);
  const now = Date.now();
  const id = newId(now);
  const key = resumeKey(userId, id);
  const filename = sanitizeFilename(file.name || `resume.${read.kind}`);
  await putObject(bucket, key, read, { ownerId: userId, originalName: filename });
  // The first resume becomes the primary one ("exactly one primary when any exist").
  const existing = await db.select({ id: resumes.id }).from(resumes).where(eq(resumes.userId, userId)).limit(1);
  const row: ResumeRow = {
    id,
    userId,
    title: (title?.trim() || filename).slice(0, 200),
    filename,
    contentType: read.contentType,
    size: read.size,
    r2Key: key,
    isPrimary: existing.length === 0,
    parseStatus: "pending",
    extractedText: null,
    extractedSkills: [],
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.insert(resumes).values(row);
  } catch (err) {
    await bucket.delete(key);
    throw err;
  }
  return row;
}

/** Undoes `createResumeFromUpload` when the application it came with was not stored. */
export async function discardUploadedResume(db: Db, bucket: R2Bucket, resume: ResumeRow): Promise<void> {
  await db.delete(resumes).where(and(eq(resumes.id, resume.id), eq(resumes.userId, resume.userId)));
  await bucket.delete(resume.r2Key);
}
