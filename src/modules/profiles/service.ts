/**
 * The caller's own profile (seeker or employer shape), its avatar, and the
 * public profile at `GET /users/{username}` with its visibility rules.
 */
import { eq } from "drizzle-orm";
import { nextVersion, preconditionFailed, versionIn } from "../../http/etag";
import { badRequest, notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import {
  type EmployerProfileRow,
  employerProfiles,
  type SeekerProfileRow,
  seekerProfiles,
  type UserRow,
  users,
} from "../../platform/db/schema";
import type { Role } from "../../platform/env";
import { imageKey, putObject, type ReadFile } from "../../platform/storage/storage";
import { IMMUTABLE_CACHE, releaseFiles } from "../files";
import { employerCompleteness, seekerCompleteness, seekerCounts } from "./completeness";
import { presentEmployerProfile, presentSeekerProfile } from "./presenters";
import { EMPLOYER_ONLY_FIELDS, type ProfilePatch, SEEKER_ONLY_FIELDS } from "./schemas";

export function defaultSeekerProfile(userId: string, now = Date.now()): SeekerProfileRow {
  return {
    userId,
    headline: null,
    bio: null,
    location: null,
    phone: null,
    website: null,
    linkedinUrl: null,
    githubUrl: null,
    yearsExperience: null,
    desiredJobTypes: [],
    desiredLocations: [],
    openToRemote: false,
    remoteOnly: false,
    salaryMin: null,
    salaryMax: null,
    salaryCurrency: null,
    salaryPeriod: null,
    isAvailable: true,
    // Visible to signed-in employers until the seeker decides otherwise: findable, but not public by default.
    visibility: "employers",
    showEmail: false,
    showPhone: false,
    avatarKey: null,
    jsonResumeExtra: null,
    createdAt: now,
    updatedAt: now,
  };
}

export function defaultEmployerProfile(userId: string, now = Date.now()): EmployerProfileRow {
  return {
    userId,
    positionTitle: null,
    phone: null,
    linkedinUrl: null,
    showEmail: false,
    showPhone: false,
    avatarKey: null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function loadUser(db: Db, userId: string): Promise<UserRow> {
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw notFound("User");
  return user;
}

export const isSeeker = (role: Role) => role === "seeker";

export async function getSeekerRow(db: Db, userId: string) {
  return (await db.select().from(seekerProfiles).where(eq(seekerProfiles.userId, userId)).get()) ?? null;
}

export async function getEmployerRow(db: Db, userId: string) {
  return (await db.select().from(employerProfiles).where(eq(employerProfiles.userId, userId)).get()) ?? null;
}

/** The caller's profile DTO with completeness. */
export async function getOwnProfile(db: Db, userId: string, origin: string) {
  const user = await loadUser(db, userId);
  if (isSeeker(user.role)) {
    const [row, counts] = await Promise.all([getSeekerRow(db, userId), seekerCounts(db, userId)]);
    const profile = row ?? defaultSeekerProfile(userId);
    return presentSeekerProfile(user, profile, seekerCompleteness(profile, counts), origin, row !== null);
  }
  const row = await getEmployerRow(db, userId);
  const profile = row ?? defaultEmployerProfile(userId);
  return presentEmployerProfile(user, profile, await employerCompleteness(db, userId, profile), origin, row !== null);
}

/**
 * Applies a PATCH; fields of the other role's profile are a `400`. The row is
 * created on first write. With If-Match (versions from http/etag.ts), an existing
 * row is updated only at one of those versions, else `412`; a profile never
 * written has no version (its ETag is unversioned), so the first write applies.
 */
export async function patchProfile(
  db: Db,
  userId: string,
  role: Role,
  patch: ProfilePatch,
  options: { ifMatch?: number[] | undefined } = {},
  now = Date.now(),
) {
  const { ifMatch } = options;
  const foreign = (isSeeker(role) ? EMPLOYER_ONLY_FIELDS : SEEKER_ONLY_FIELDS).filter((f) => patch[f] !== undefined);
  if (foreign.length) {
    throw badRequest(
      "The body has fields that do not belong to your profile type.",
      foreign.map((f) => ({
        path: f,
        message: `Not a field of ${isSeeker(role) ? "a seeker" : "an employer"} profile.`,
      })),
    );
  }
  if (isSeeker(role)) {
    const set: Partial<SeekerProfileRow> = {};
    if (patch.headline !== undefined) set.headline = patch.headline || null;
    if (patch.bio !== undefined) set.bio = patch.bio || null;
    if (patch.location !== undefined) set.location = patch.location || null;
    if (patch.phone !== undefined) set.phone = patch.phone;
    if (patch.website !== undefined) set.website = patch.website;
    if (patch.linkedin_url !== undefined) set.linkedinUrl = patch.linkedin_url;
    if (patch.github_url !== undefined) set.githubUrl = patch.github_url;
    if (patch.years_experience !== undefined) set.yearsExperience = patch.years_experience;
    if (patch.desired_job_types !== undefined) set.desiredJobTypes = [...new Set(patch.desired_job_types)];
    if (patch.desired_locations !== undefined) set.desiredLocations = [...new Set(patch.desired_locations)];
    if (patch.open_to_remote !== undefined) set.openToRemote = patch.open_to_remote;
    if (patch.remote_only !== undefined) set.remoteOnly = patch.remote_only;
    if (patch.is_available !== undefined) set.isAvailable = patch.is_available;
    if (patch.visibility !== undefined) set.visibility = patch.visibility;
    if (patch.show_email !== undefined) set.showEmail = patch.show_email;
    if (patch.show_phone !== undefined) set.showPhone = patch.show_phone;
    if (patch.salary_expectation !== undefined) {
      const s = patch.salary_expectation;
      set.salaryMin = s?.min ?? null;
      set.salaryMax = s?.max ?? null;
      set.salaryCurrency = s?.currency ?? null;
      set.salaryPeriod = s?.period ?? null;
    }
    const written = await db
      .insert(seekerProfiles)
      .values({ ...defaultSeekerProfile(userId, now), ...set, updatedAt: now })
      .onConflictDoUpdate({
        target: seekerProfiles.userId,
        set: { ...set, updatedAt: nextVersion(seekerProfiles.updatedAt, now) },
        setWhere: versionIn(seekerProfiles.updatedAt, ifMatch),
      })
      .returning({ userId: seekerProfiles.userId });
    if (written.length !== 1) throw preconditionFailed();
    return;
  }
  const set: Partial<EmployerProfileRow> = {};
  if (patch.position_title !== undefined) set.positionTitle = patch.position_title || null;
  if (patch.phone !== undefined) set.phone = patch.phone;
  if (patch.linkedin_url !== undefined) set.linkedinUrl = patch.linkedin_url;
  if (patch.show_email !== undefined) set.showEmail = patch.show_email;
  if (patch.show_phone !== undefined) set.showPhone = patch.show_phone;
  const written = await db
    .insert(employerProfiles)
    .values({ ...defaultEmployerProfile(userId, now), ...set, updatedAt: now })
    .onConflictDoUpdate({
      target: employerProfiles.userId,
      set: { ...set, updatedAt: nextVersion(employerProfiles.updatedAt, now) },
      setWhere: versionIn(employerProfiles.updatedAt, ifMatch),
    })
    .returning({ userId: employerProfiles.userId });
  if (written.length !== 1) throw preconditionFailed();
}

async function currentAvatarKey(db: Db, userId: string, role: Role): Promise<string | null> {
  const row = isSeeker(role) ? await getSeekerRow(db, userId) : await getEmployerRow(db, userId);
  return row?.avatarKey ?? null;
}

/** The statement pointing the profile at `key` (for the caller's batch with the old file's release). */
function writeAvatarKey(db: Db, userId: string, role: Role, key: string | null, now: number) {
  const set = { avatarKey: key, updatedAt: now };
  return isSeeker(role)
    ? db
        .insert(seekerProfiles)
        .values({ ...defaultSeekerProfile(userId, now), ...set })
        .onConflictDoUpdate({ target: seekerProfiles.userId, set })
    : db
        .insert(employerProfiles)
        .values({ ...defaultEmployerProfile(userId, now), ...set })
        .onConflictDoUpdate({ target: employerProfiles.userId, set });
}

/**
 * Stores a new avatar (already size- and type-checked) and points the profile
 * at it; the previous image is released for orphan cleanup.
 */
export async function setAvatar(db: Db, env: Env, userId: string, role: Role, file: ReadFile): Promise<string> {
  const key = imageKey("avatars", file);
  await putObject(env.FILES, key, file, { ownerId: userId, cacheControl: IMMUTABLE_CACHE });
  const previous = await currentAvatarKey(db, userId, role);
  // The pointer moves and the old image's cleanup is queued in one batch.
  await releaseFiles(db, env, previous !== key ? [previous] : [], [writeAvatarKey(db, userId, role, key, Date.now())]);
  return key;
}

export async function removeAvatar(db: Db, env: Env, userId: string, role: Role): Promise<void> {
  const previous = await currentAvatarKey(db, userId, role);
  // Deleting an avatar that is already gone is a success: DELETE is idempotent.
  if (!previous) return;
  await releaseFiles(db, env, [previous], [writeAvatarKey(db, userId, role, null, Date.now())]);
}
