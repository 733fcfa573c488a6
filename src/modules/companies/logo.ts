/**
 * Company logos: stored through the shared storage module under
 * content-addressed keys (`images/logos/{sha256}.{ext}`), so a URL never
 * changes meaning and can be cached for a year. The public file route
 * (profiles module) serves `/files/{key}`.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { companies } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { IMAGE_KINDS, imageKey, MAX_IMAGE_BYTES, putObject, readUpload } from "../../platform/storage/storage";
import { IMMUTABLE_CACHE, publicImagePath } from "../files";
import { requireCompany } from "./service";

/** The logo's URL path, served by the public image route. */
export function logoUrl(key: string | null): string | null {
  return key ? publicImagePath(key) : null;
}

/** Replaces the logo; membership is checked before the body is read. */
export async function setLogo(
  db: Db,
  bucket: R2Bucket,
  auth: AuthContext,
  companyId: string,
  request: Request,
): Promise<string> {
  const { company } = await requireCompany(db, auth, companyId);
  const file = await readUpload(request, IMAGE_KINDS, MAX_IMAGE_BYTES);
  const key = imageKey("logos", file);
  await putObject(bucket, key, file, { ownerId: auth.userId, cacheControl: IMMUTABLE_CACHE });
  await db.update(companies).set({ logoKey: key, updatedAt: Date.now() }).where(eq(companies.id, companyId));
  if (company.logoKey && company.logoKey !== key) await deleteIfUnused(db, bucket, company.logoKey);
  return key;
}

export async function removeLogo(db: Db, bucket: R2Bucket, auth: AuthContext, companyId: string): Promise<void> {
  const { company } = await requireCompany(db, auth, companyId);
  if (!company.logoKey) return;
  await db.update(companies).set({ logoKey: null, updatedAt: Date.now() }).where(eq(companies.id, companyId));
  await deleteIfUnused(db, bucket, company.logoKey);
}

/** Content-addressed objects can be shared by several companies: delete only the last reference. */
export async function deleteIfUnused(db: Db, bucket: R2Bucket, key: string): Promise<void> {
  const other = await db.select({ id: companies.id }).from(companies).where(eq(companies.logoKey, key)).get();
  if (!other) await bucket.delete(key);
}
