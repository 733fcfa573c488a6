/**
 * Resumes: files in R2 under `resumes/{userId}/{resumeId}` (never a user-supplied
 * name), metadata in D1, exactly one primary while any exist (a partial unique
 * index backs the rule), text and skills extracted by the `resume.parse` job.
 */

import { and, count, desc, eq, exists, lt, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { nextVersion, preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import { BY_CREATED, createdPosition, decodeCursor, page } from "../../http/pagination";
import { ApiError, conflict, notFound } from "../../http/problem";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import { countBelow, insertWhere } from "../../platform/db/insert-where";
import { applications, companyMembers, type ResumeRow, resumes } from "../../platform/db/schema";
import { toQueueMessages } from "../../platform/queue/enqueue";
import type { QueueMessage } from "../../platform/queue/messages";
import { flushOutbox, outboxInsertIf } from "../../platform/queue/outbox";
import { EXTENSION } from "../../platform/storage/sniff";
import { putObject, type ReadFile, sanitizeFilename } from "../../platform/storage/storage";
import { releaseFiles } from "../files";

export const MAX_RESUMES = 10;

export async function getOwnedResume(db: Db, userId: string, id: string): Promise<ResumeRow> {
  const row = await db
    .select()
    .from(resumes)
    .where(and(eq(resumes.id, id), eq(resumes.userId, userId)))
    .get();
  if (!row) throw notFound("Resume");
  return row;
}

/** Newest first, keyset-paginated on (created_at, id) — the `resumes_user_idx` order. */
export async function listResumes(db: Db, userId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, BY_CREATED);
  const rows = await db
    .select()
    .from(resumes)
    .where(
      and(
        eq(resumes.userId, userId),
        after
          ? or(lt(resumes.createdAt, after[0]), and(eq(resumes.createdAt, after[0]), lt(resumes.id, after[1])))
          : undefined,
      ),
    )
    .orderBy(desc(resumes.createdAt), desc(resumes.id))
    .limit(limit + 1);
  return page(rows, limit, createdPosition);
}

/** The uploader's name with the extension the content actually has (a DOCX named `.pdf` downloads as `.docx`). */
export function displayFilename(name: string | undefined, kind: ReadFile["kind"]): string {
  const ext = EXTENSION[kind];
  const safe = sanitizeFilename(name || `resume.${ext}`);
  const stem = safe.replace(/\.[A-Za-z0-9]{1,5}$/, "") || "resume";
  return `${stem}.${ext}`;
}

export async function uploadResume(
  db: Db,
  env: Pick<Env, "EVENTS" | "FILES">,
  userId: string,
  file: ReadFile,
  originalName: string | undefined,
  title: string | undefined,
): Promise<ResumeRow> {
  // A cheap early refusal before the upload; the cap itself is enforced inside the insert.
  const existing = await db.select({ n: count() }).from(resumes).where(eq(resumes.userId, userId)).get();
  if ((existing?.n ?? 0) >= MAX_RESUMES) throw tooManyResumes();
  const now = Date.now();
  const id = newId(now);
  const key = `resumes/${userId}/${id}`;
  const filename = displayFilename(originalName, file.kind);
  await putObject(env.FILES, key, file, { ownerId: userId, originalName: filename });
  const [message] = toQueueMessages([{ type: "resume.parse", resume_id: id }], now) as [QueueMessage];
  let inserted: ResumeRow[];
  try {
    // One batch: the cap and "first resume is primary" are decided inside the insert (so a burst of
    // uploads can neither overrun the cap nor make two primaries), and the parse message is written
    // only if the row was.
    const [rows] = await db.batch([
      insertWhere(
        db,
        resumes,
        {
          id,
          userId,
          title: title ?? filename.replace(/\.[a-z]+$/, ""),
          filename,
          contentType: file.contentType,
          size: file.size,
          r2Key: key,
          isPrimary: sql`NOT EXISTS (SELECT 1 FROM resumes WHERE user_id = ${userId} AND is_primary = 1)`,
          parseStatus: "pending",
          parseError: null,
          extractedText: null,
          extractedSkills: [],
          parsedAt: null,
          createdAt: now,
          updatedAt: now,
        },
        countBelow(resumes, eq(resumes.userId, userId), MAX_RESUMES),
      ).returning(),
      outboxInsertIf(db, message, now, sql`EXISTS (SELECT 1 FROM resumes WHERE id = ${id})`),
    ]);
    inserted = rows;
  } catch (err) {
    await env.FILES.delete(key);
    throw err;
  }
  const row = inserted[0];
  if (!row) {
    await env.FILES.delete(key);
    throw tooManyResumes();
  }
  await flushOutbox(env, db, { statements: [], messages: [message] });
  return row;
}

const tooManyResumes = () =>
  conflict("limit-reached", `You can keep at most ${MAX_RESUMES} resumes. Delete one first.`);

export async function patchResume(
  db: Db,
  userId: string,
  id: string,
  patch: { title?: string | undefined; is_primary?: true | undefined },
  options: { ifMatch?: number[] | undefined } = {},
): Promise<ResumeRow> {
  const current = await getOwnedResume(db, userId, id);
  const { ifMatch } = options;
  requireVersion(ifMatch, current.updatedAt);
  const now = Date.now();
  const version = versionIn(resumes.updatedAt, ifMatch);
  const statements = [];
  if (patch.is_primary && !current.isPrimary) {
    // One batch = one transaction: the old primary is cleared before the new one is set, and
    // only when the target still has the If-Match version (a stale edit changes nothing).
    const target = alias(resumes, "target");
    statements.push(
      db
        .update(resumes)
        .set({ isPrimary: false, updatedAt: nextVersion(resumes.updatedAt, now) })
        .where(
          and(
            eq(resumes.userId, userId),
            eq(resumes.isPrimary, true),
            ne(resumes.id, id),
            version
              ? exists(
                  db
                    .select({ one: sql`1` })
                    .from(target)
                    .where(and(eq(target.id, id), versionIn(target.updatedAt, ifMatch))),
                )
              : undefined,
          ),
        ),
    );
  }
  statements.push(
    db
      .update(resumes)
      .set({
        title: patch.title ?? current.title,
        isPrimary: patch.is_primary ? true : current.isPrimary,
        updatedAt: nextVersion(resumes.updatedAt, now),
      })
      .where(and(eq(resumes.id, id), eq(resumes.userId, userId), version))
      .returning({ id: resumes.id }),
  );
  const [first, ...rest] = statements;
  if (!first) throw new Error("unreachable");
  const results = await db.batch([first, ...rest]);
  const updated = results[results.length - 1] as { id: string }[];
  if (updated.length !== 1) throw ifMatch ? preconditionFailed() : notFound("Resume");
  return getOwnedResume(db, userId, id);
}

/** Deletes a resume; when it was primary, the newest remaining one becomes primary in the same batch. */
export async function deleteResume(db: Db, env: Env, userId: string, id: string): Promise<void> {
  const current = await getOwnedResume(db, userId, id);
  // The row goes and the file's cleanup is queued in one batch.
  await releaseFiles(
    db,
    env,
    [current.r2Key],
    [
      db.delete(resumes).where(and(eq(resumes.id, id), eq(resumes.userId, userId))),
      db
        .update(resumes)
        .set({ isPrimary: true })
        .where(
          and(
            eq(
              resumes.id,
              sql`(SELECT id FROM resumes WHERE user_id = ${userId} ORDER BY created_at DESC, id DESC LIMIT 1)`,
            ),
            sql`NOT EXISTS (SELECT 1 FROM resumes WHERE user_id = ${userId} AND is_primary = 1)`,
          ),
        ),
    ],
  );
}

/**
 * Who may download: the owner, or a member of a company that received an
 * application carrying this resume (one indexed join: applications by resume,
 * company_members by (company, user)). Everyone else gets `404`.
 */
export async function getDownloadableResume(db: Db, userId: string, id: string): Promise<ResumeRow> {
  const row = await db.select().from(resumes).where(eq(resumes.id, id)).get();
  if (!row) throw notFound("Resume");
  if (row.userId === userId) return row;
  const viaApplication = await db
    .select({ one: sql<number>`1` })
    .from(applications)
    .innerJoin(
      companyMembers,
      and(eq(companyMembers.companyId, applications.companyId), eq(companyMembers.userId, userId)),
    )
    .where(eq(applications.resumeId, id))
    .limit(1);
  if (viaApplication.length === 0) throw notFound("Resume");
  return row;
}

/** The resume, or null when there is none (a deleted resume's share links lead to a "not found" page). */
export async function findResumeById(db: Db, id: string): Promise<ResumeRow | null> {
  return (await db.select().from(resumes).where(eq(resumes.id, id)).get()) ?? null;
}

export async function getResumeById(db: Db, id: string): Promise<ResumeRow> {
  const row = await db.select().from(resumes).where(eq(resumes.id, id)).get();
  if (!row) throw notFound("Resume");
  return row;
}

export async function openResumeFile(bucket: R2Bucket, row: ResumeRow): Promise<R2ObjectBody> {
  const object = await bucket.get(row.r2Key);
  // The row exists but the file does not: report it as gone rather than as a server error.
  if (!object) throw new ApiError(404, "not-found", "The resume file is no longer available.");
  return object;
}

/** Deletes a resume row (and its file) that an upload created but its caller could not use (an application that failed). */
export async function discardUploadedResume(db: Db, bucket: R2Bucket, resume: ResumeRow): Promise<void> {
  await db.delete(resumes).where(and(eq(resumes.id, resume.id), eq(resumes.userId, resume.userId)));
  await bucket.delete(resume.r2Key);
}

/** The statement that deletes every resume row of a user (account erasure; files go through orphan cleanup). */
export function eraseResumesStatement(db: Db, userId: string) {
  return db.delete(resumes).where(eq(resumes.userId, userId));
}
