/**
 * A resume uploaded together with an application goes through the resumes
 * module like any other upload (checks, R2 key, parse job); this file only
 * adapts the multipart `File` and can undo the upload if the application fails.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type ResumeRow, resumes } from "../../platform/db/schema";
import { DOCUMENT_KINDS, MAX_DOCUMENT_BYTES, readFormFile } from "../../platform/storage/storage";
import { uploadResume } from "../resumes/service";

/** Checks the file (size, type by content), stores it and queues its parsing. */
export async function createResumeFromUpload(
  db: Db,
  env: Pick<Env, "EVENTS" | "FILES">,
  userId: string,
  file: File,
): Promise<ResumeRow> {
  const read = await readFormFile(file, DOCUMENT_KINDS, MAX_DOCUMENT_BYTES);
  return uploadResume(db, env, userId, read, file.name || undefined, undefined);
}

/** Undoes `createResumeFromUpload` when the application it came with was not stored. */
export async function discardUploadedResume(db: Db, bucket: R2Bucket, resume: ResumeRow): Promise<void> {
  await db.delete(resumes).where(and(eq(resumes.id, resume.id), eq(resumes.userId, resume.userId)));
  await bucket.delete(resume.r2Key);
}
