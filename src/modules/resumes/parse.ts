/**
 * The `resume.parse` job: read the file from R2, extract text, find taxonomy
 * skills in it, and move `parse_status` from `pending` to `done` or `failed`.
 * Idempotent: a resume that is no longer pending (or no longer exists) is
 * skipped, and the final UPDATE is conditional on `pending`.
 * Unreadable or oversized files fail for good with a reason in `parse_error`;
 * infrastructure errors throw so the queue retries, and a message whose retries
 * are spent fails the resume too (see queue/dead-letter.ts), so nothing stays
 * `pending` or loops.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { resumes } from "../../platform/db/schema";
import { type FileKind, MIME } from "../../platform/storage/sniff";
import { ExtractError, extractText } from "../files";
import { loadMatcher, matchSkills } from "../skills";

const KIND_BY_MIME = new Map<string, FileKind>(Object.entries(MIME).map(([k, v]) => [v, k as FileKind]));

export type ParseOutcome = "done" | "failed" | "skipped";

export async function parseResume(db: Db, bucket: R2Bucket, resumeId: string): Promise<ParseOutcome> {
  const row = await db.select().from(resumes).where(eq(resumes.id, resumeId)).get();
  if (row?.parseStatus !== "pending") return "skipped";

  const kind = KIND_BY_MIME.get(row.contentType);
  const object = await bucket.get(row.r2Key);
  if (!kind || !object) return finish(db, resumeId, { status: "failed", reason: "The file is missing." });

  let text: string;
  try {
    text = await extractText(new Uint8Array(await object.arrayBuffer()), kind);
  } catch (err) {
    if (err instanceof ExtractError) {
      console.warn(
        JSON.stringify({ level: "warn", msg: "resume parse failed", resume_id: resumeId, error: err.message }),
      );
      return finish(db, resumeId, { status: "failed", reason: err.message });
    }
    throw err;
  }
  // No text at all (a scanned, image-only PDF) is a failed parse: nothing can be searched or matched.
  if (!text) return finish(db, resumeId, { status: "failed", reason: "The file contains no text (a scanned image?)." });
  const skills = matchSkills(await loadMatcher(db), text);
  return finish(db, resumeId, { status: "done", text, skills });
}

/** Reason stored when a parse message is dead-lettered (every retry crashed or timed out). */
export const GAVE_UP_REASON = "The file could not be processed (parsing kept failing).";

/** Marks a still-pending resume failed; used for dead-lettered parse messages. */
export async function failParse(db: Db, resumeId: string, reason: string): Promise<void> {
  await finish(db, resumeId, { status: "failed", reason });
}

async function finish(
  db: Db,
  resumeId: string,
  result: { status: "done"; text: string; skills: string[] } | { status: "failed"; reason: string },
): Promise<ParseOutcome> {
  const now = Date.now();
  await db
    .update(resumes)
    .set(
      result.status === "done"
        ? { parseStatus: "done", extractedText: result.text, extractedSkills: result.skills, parsedAt: now }
        : { parseStatus: "failed", parseError: result.reason.slice(0, 500), parsedAt: now },
    )
    .where(and(eq(resumes.id, resumeId), eq(resumes.parseStatus, "pending")));
  return result.status;
}
