/**
 * Core account logic: registration, login, token refresh, logout, profile of
 * the caller and password change.
 */

import { and, eq, inArray, sql } from "drizzle-orm";
import { isUniqueViolation } from "../../http/db-errors";
import { preconditionFailed } from "../../http/etag";
import { ApiError, badRequest, conflict, notFound } from "../../http/problem";
import { randomToken } from "../../lib/crypto";
import { foldText } from "../../lib/fold";
import { newId } from "../../lib/ids";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../../lib/jwt";
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from "../../lib/passwords";
import type { Db } from "../../platform/db/client";
import { type UserRow, users } from "../../platform/db/schema";
import { auditInsert, recordAudit } from "../audit";
import { notifyNewDevice, recordLoginAttempt, rememberDevice } from "./devices";
import { clearLockout, lockedError, lockedUntil, recordFailure } from "./lockout";
import { assertPasswordPolicy } from "./password-policy";
import { presentUser } from "./presenters";
import { sendPasswordChanged } from "./recovery";
import { createSession, revokeSessions, rotateRefreshToken } from "./sessions";
import { verifySecondFactor } from "./totp";
import { sendVerification } from "./verification";

type JwtEnv = Pick<Env, "JWT_SECRET" | "JWT_ISSUER" | "JWT_AUDIENCE">;

export interface RegisterInput {
  email: string;
  password: string;
  role: "seeker" | "employer";
  first_name: string;
  last_name: string;
  username?: string | undefined;
}

/**
 * Creates the account and queues its verification email: the user row, the
 * token and the email's outbox row are one batch, so a stop in between cannot
 * leave an account that was never sent its link.
 */
export async function register(
  db: Db,
  env: Pick<Env, "EVENTS" | "PUBLIC_APP_URL">,
  input: RegisterInput,
  now = Date.now(),
): Promise<UserRow> {
  await assertPasswordPolicy("password", input.password, {
    email: input.email,
    firstName: input.first_name,
    lastName: input.last_name,
    username: input.username,
  });

  const passwordHash = await hashPassword(input.password);
  const base: Omit<UserRow, "username"> = {
    id: newId(now),
    email: input.email,
    passwordHash,
    role: input.role,
    firstName: input.first_name,
    lastName: input.last_name,
    firstNameKey: foldText(input.first_name),
    lastNameKey: foldText(input.last_name),
    emailVerifiedAt: null,
    mfaEnabled: false,
    mfaSecretEnc: null,
    timezone: "UTC",
    locale: "en",
    status: "active",
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  };
  // A chosen username must be free; a generated one retries with a new suffix.
  for (let attempt = 0; attempt < 5; attempt++) {
    const username = input.username ?? generateUsername(input.email);
    try {
      const row: UserRow = { ...base, username };
      await sendVerification(db, env, row, [db.insert(users).values(row)]);
      return row;
    } catch (err) {
      if (isUniqueViolation(err, "users.email"))
        throw conflict("email-taken", "An account with this email already exists.");
      if (isUniqueViolation(err, "users.username")) {
        if (input.username) throw conflict("username-taken", "This username is taken.");
        continue;
      }
      throw err;
    }
  }
  throw conflict("username-taken", "Could not find a free username; please choose one.");
}

export function generateUsername(email: string): string {
  const local = (email.split("@")[0] ?? "user")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "")
    .slice(0, 20);
  const suffix = randomToken(3)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "0");
  return `${local || "user"}_${suffix}`.slice(0, 30);
}

export interface LoginMeta {
  userAgent: string | null;
  ipHint: string | null;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
}

async function issueTokens(
  env: JwtEnv,
  user: Pick<UserRow, "id" | "role">,
  sessionId: string,
  refreshToken: string,
): Promise<IssuedTokens> {
  return {
    access_token: await signAccessToken(env, { sub: user.id, sid: sessionId, role: user.role }),
    refresh_token: refreshToken,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
  };
}

const invalidCredentials = () =>
  new ApiError(401, "invalid-credentials", "The email or password is incorrect.", {
    headers: { "WWW-Authenticate": 'Bearer realm="api"' },
  });

type LoginEnv = JwtEnv & Pick<Env, "ENCRYPTION_KEY" | "EVENTS">;

/**
 * Verifies credentials (and the second factor when 2FA is on) and opens a
 * session. Unknown emails are checked against a dummy hash so both failure
 * paths cost the same PBKDF2 work and answer the same 401; the lockout counts
 * per submitted email, so it also behaves alike for unknown addresses.
 */
export async function login(
  db: Db,
  env: LoginEnv,
  input: { email: string; password: string; totp_code?: string | undefined },
  meta: LoginMeta,
  now = Date.now(),
) {
  const user = await db.select().from(users).where(eq(users.email, input.email)).get();
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);

  const until = await lockedUntil(db, input.email, now);
  if (until) {
    if (user) await recordLoginAttempt(db, user.id, { success: false, reason: "locked" }, meta, now);
    throw lockedError(until, now);
  }
  if (!user?.passwordHash || !ok) {
    await failAttempt(db, input.email, user, "bad_password", meta, now);
    throw invalidCredentials();
  }
  if (user.status !== "active") {
    await recordLoginAttempt(db, user.id, { success: false, reason: user.status }, meta, now);
    if (user.status === "suspended") {
      throw new ApiError(403, "account-suspended", "This account is suspended. Contact support.");
    }
    throw invalidCredentials();
  }
  if (user.mfaEnabled) {
    if (!input.totp_code) {
      await recordLoginAttempt(db, user.id, { success: false, reason: "mfa_required" }, meta, now);
      throw new ApiError(401, "mfa-required", "Two-factor authentication is on: send totp_code.", {
        headers: { "WWW-Authenticate": 'Bearer realm="api"' },
      });
    }
    if (!(await verifySecondFactor(db, env, user, input.totp_code, now))) {
      await failAttempt(db, input.email, user, "mfa_invalid", meta, now);
      throw new ApiError(401, "mfa-invalid", "The two-factor code is invalid or was already used.", {
        headers: { "WWW-Authenticate": 'Bearer realm="api"' },
      });
    }
  }

  if (needsRehash(user.passwordHash)) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(input.password) })
      .where(eq(users.id, user.id));
  }
  await clearLockout(db, input.email);
  return openSession(db, env, user, meta, "password", now);
}

/**
 * Creates the session and token pair for an authenticated user, records the
 * attempt and notifies on a new device. Shared by password and OAuth logins.
 */
export async function openSession(
  db: Db,
  env: JwtEnv & Pick<Env, "EVENTS">,
  user: UserRow,
  meta: LoginMeta,
  method: string,
  now = Date.now(),
) {
  const session = await createSession(db, user.id, meta, now);
  const newDevice = await rememberDevice(db, user.id, meta, now);
  if (newDevice) await notifyNewDevice(db, env, user, meta, session.sessionId, method, now);
  else await recordLoginAttempt(db, user.id, { success: true, reason: method, newDevice }, meta, now);
  return { ...(await issueTokens(env, user, session.sessionId, session.refreshToken)), user: presentUser(user) };
}

/** Counts a failure; the failure that locks an existing account is written to the audit log. */
async function failAttempt(
  db: Db,
  email: string,
  user: UserRow | undefined,
  reason: string,
  meta: LoginMeta,
  now: number,
): Promise<void> {
  const result = await recordFailure(db, email, now);
  if (!user) return;
  await recordLoginAttempt(db, user.id, { success: false, reason }, meta, now);
  if (result.lockedNow) {
    await recordAudit(db, {
      actor: null,
      action: "auth.account_locked",
      targetType: "user",
      targetId: user.id,
      data: { failures: result.failures, locked_until: result.lockedUntil },
      ipHint: meta.ipHint,
    });
  }
}

const invalidRefresh = () =>
  new ApiError(401, "invalid-refresh-token", "The refresh token is invalid, expired or already used.", {
    headers: { "WWW-Authenticate": 'Bearer realm="api"' },
  });

export async function refresh(db: Db, env: JwtEnv & Pick<Env, "USER_CHANNEL">, refreshToken: string) {
  const result = await rotateRefreshToken(db, env, refreshToken);
  if (!result.ok) throw invalidRefresh();
  const user = await db.select().from(users).where(eq(users.id, result.userId)).get();
  if (!user) throw invalidRefresh();
  return { ...(await issueTokens(env, user, result.sessionId, result.refreshToken)), user: presentUser(user) };
}

export async function logout(
  db: Db,
  env: Pick<Env, "USER_CHANNEL">,
  caller: { userId: string; sessionId: string },
): Promise<void> {
  await revokeSessions(db, env, caller.userId, { sessionId: caller.sessionId }, "logout");
}

export async function getUser(db: Db, userId: string): Promise<UserRow> {
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || user.status === "deleted") throw notFound("User");
  return user;
}

export async function updateMe(
  db: Db,
  userId: string,
  patch: { first_name?: string; last_name?: string; username?: string; timezone?: string; locale?: string },
  options: { ifMatch?: number[] | undefined } = {},
): Promise<UserRow> {
  const { ifMatch } = options;
  // updated_at only moves forward, so it is a version If-Match can compare (http/etag.ts).
  const set: Partial<typeof users.$inferInsert> = {};
  if (patch.first_name !== undefined) {
    set.firstName = patch.first_name;
    set.firstNameKey = foldText(patch.first_name);
  }
  if (patch.last_name !== undefined) {
    set.lastName = patch.last_name;
    set.lastNameKey = foldText(patch.last_name);
  }
  if (patch.username !== undefined) set.username = patch.username;
  if (patch.timezone !== undefined) set.timezone = patch.timezone;
  if (patch.locale !== undefined) set.locale = patch.locale;
  try {
    const [row] = await db
      .update(users)
      .set({ ...set, updatedAt: sql`max(${Date.now()}, ${users.updatedAt} + 1)` })
      .where(and(eq(users.id, userId), ifMatch ? inArray(users.updatedAt, ifMatch.length ? ifMatch : [-1]) : undefined))
      .returning();
    if (!row) {
      if (ifMatch) throw preconditionFailed();
      throw notFound("User");
    }
    return row;
  } catch (err) {
    if (isUniqueViolation(err, "users.username")) throw conflict("username-taken", "This username is taken.");
    throw err;
  }
}

/**
 * Changes the password after checking the current one; every other session is
 * revoked, the change is audited and a `password_changed` security email sent.
 */
export async function changePassword(
  db: Db,
  env: Pick<Env, "EVENTS" | "USER_CHANNEL">,
  userId: string,
  currentSessionId: string | null,
  input: { current_password: string; new_password: string },
  meta: { ipHint: string | null },
): Promise<UserRow> {
  const user = await getUser(db, userId);
  if (!user.passwordHash || !(await verifyPassword(input.current_password, user.passwordHash))) {
    throw new ApiError(400, "invalid-current-password", "The current password is incorrect.", {
      errors: [{ path: "current_password", message: "Incorrect password." }],
    });
  }
  if (input.current_password === input.new_password) {
    throw badRequest("The new password must differ from the current one.", [
      { path: "new_password", message: "Must differ from the current password." },
    ]);
  }
  await assertPasswordPolicy("new_password", input.new_password, {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
  });
  const now = Date.now();
  const passwordHash = await hashPassword(input.new_password);
  // The change, its audit row and the security notice commit together.
  const [updated] = (await sendPasswordChanged(db, env, user, now, [
    db
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, userId))
      .returning(),
    auditInsert(
      db,
      {
        actor: { userId, role: user.role },
        action: "auth.password_changed",
        targetType: "user",
        targetId: userId,
        ipHint: meta.ipHint,
      },
      now,
    ),
  ])) as [UserRow[]];
  await revokeSessions(db, env, userId, { all: true, except: currentSessionId }, "password_changed");
  const row = updated[0];
  if (!row) throw notFound("User");
  return row;
}
