/**
 * Public images (avatars, logos) served from R2 through the Worker, and the
 * orphan cleanup that deletes a stored file once no row points at it.
 *
 * Image keys are content-addressed (`images/{scope}/{sha256}.{ext}`): a new
 * upload gets a new URL, so responses can be cached as immutable for a year,
 * and identical uploads share one object — which is why cleanup checks every
 * referencing table before deleting instead of trusting the message.
 */
import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../platform/db/client";
import { companies, employerProfiles, resumes, seekerProfiles } from "../../platform/db/schema";
import { commitWithOutbox } from "../../platform/queue/outbox";
import { EXTENSION, type FileKind, MIME } from "../../platform/storage/sniff";

export const IMAGE_SCOPES = ["avatars", "logos"] as const;
export type ImageScope = (typeof IMAGE_SCOPES)[number];
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";

const KIND_BY_EXTENSION = new Map<string, FileKind>(
  (["png", "jpeg", "webp"] as const).map((k) => [EXTENSION[k], k] as const),
);

/**
 * The path the public image route (`GET /files/images/{scope}/{file}`, no
 * `/api/v1` prefix) serves a stored image key at. Every avatar and logo URL
 * is built from this, so they cannot drift from the route.
 */
export function publicImagePath(key: string): string {
  return `/files/${key}`;
}

/** Parses `{sha256}.{ext}` into the stored key and its content type, or null when malformed. */
export function imageObject(scope: ImageScope, file: string): { key: string; contentType: string } | null {
  const m = /^([0-9a-f]{64})\.([a-z]+)$/.exec(file);
  const kind = m?.[2] ? KIND_BY_EXTENSION.get(m[2]) : undefined;
  if (!m || !kind) return null;
  return { key: `images/${scope}/${m[1]}.${m[2]}`, contentType: MIME[kind] };
}

/** Reads an image object (or only its metadata for conditional requests). */
export async function readImage(bucket: R2Bucket, key: string, ifNoneMatch: string | undefined) {
  const object = await bucket.get(key, ifNoneMatch ? { onlyIf: { etagDoesNotMatch: stripEtag(ifNoneMatch) } } : {});
  if (!object) return null;
  return { object, body: "body" in object ? (object as R2ObjectBody).body : null };
}

const stripEtag = (v: string) => v.trim().replace(/^W\//, "").replace(/^"|"$/g, "");

/**
 * Commits `changes` (the write that stopped pointing at the keys) with one
 * `file.orphaned` outbox row per key in the same batch, then enqueues them: the
 * handler deletes only files nothing references any more, so a repeat is harmless.
 */
export async function releaseFiles(
  db: Db,
  env: Pick<Env, "EVENTS">,
  keys: (string | null | undefined)[],
  changes: BatchItem<"sqlite">[],
): Promise<unknown[]> {
  const unique = [...new Set(keys.filter((k): k is string => !!k))];
  return commitWithOutbox(
    db,
    env,
    changes,
    unique.map((key) => ({ type: "file.orphaned" as const, key })),
  );
}

/** Whether any row still references `key`. Unknown prefixes count as referenced (never delete blindly). */
export async function isReferenced(db: Db, key: string): Promise<boolean> {
  const one = sql<number>`1`;
  if (key.startsWith("images/avatars/")) {
    const [a, b] = await db.batch([
      db.select({ one }).from(seekerProfiles).where(eq(seekerProfiles.avatarKey, key)).limit(1),
      db.select({ one }).from(employerProfiles).where(eq(employerProfiles.avatarKey, key)).limit(1),
    ]);
    return a.length > 0 || b.length > 0;
  }
  if (key.startsWith("images/logos/")) {
    const rows = await db.select({ one }).from(companies).where(eq(companies.logoKey, key)).limit(1);
    return rows.length > 0;
  }
  if (key.startsWith("resumes/")) {
    const rows = await db.select({ one }).from(resumes).where(eq(resumes.r2Key, key)).limit(1);
    return rows.length > 0;
  }
  return true;
}

/** Queue handler for `file.orphaned`: idempotent (deleting a missing object is a no-op). */
export async function handleFileOrphaned(db: Db, bucket: R2Bucket, key: string): Promise<"deleted" | "kept"> {
  if (await isReferenced(db, key)) return "kept";
  await bucket.delete(key);
  return "deleted";
}
