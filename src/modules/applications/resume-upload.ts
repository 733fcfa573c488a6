/**
 * A resume uploaded together with an application goes through the resumes
 * module like any other upload (checks, R2 key, parse job); this file only
 * adapts the multipart `File` (an upload whose application fails is undone with
 * the resumes module's `discardUploadedResume`).
 */
import type { Db } from "../../platform/db/client";
import type { ResumeRow } from "../../platform/db/schema";
import { DOCUMENT_KINDS, MAX_DOCUMENT_BYTES, readFormFile } from "../../platform/storage/storage";
import { uploadResume } from "../resumes";

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
