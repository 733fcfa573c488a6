/**
 * Core account logic: registration, login, token refresh, logout, profile of
 * the caller and password change.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type UserRow, users } from "../../db/schema";
import { randomToken } from "../../lib/crypto";
import { isUniqueViolation } from "../../lib/db-errors";
import { newId } from "../../lib/ids";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../../lib/jwt";
import { passwordErrors } from "../../lib/password-policy";
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from "../../lib/passwords";
import { ApiError, badRequest, conflict, notFound } from "../../lib/problem";
import { presentUser } from "./presenters";
import { createSession, revokeSession, revokeUserSessions, rotateRefreshToken } from "./sessions";

type JwtEnv = Pick<Env, "JWT_SECRET" | "JWT_ISSUER" | "JWT_AUDIENCE">;

export interface RegisterInput {
  email: string;
  password: string;
  role: "seeker" | "employer";
  first_name: string;
  last_name: string;
  username?: string | undefined;
}

export async function register(db: Db, input: RegisterInput, now = Date.now()): Promise<UserRow> {
  const errors = await passwordErrors("password", input.password, {
    email: input.email,
    firstName: input.first_name,
    lastName: input.last_name,
    username: input.username,
  });
  if (errors.length) throw badRequest("The password does not meet the policy.", errors);

  const passwordHash = await hashPassword(input.password);
  const base: Omit<UserRow, "username"> = {
    id: newId(now),
    email: input.email,
    passwordHash,
    role: input.role,
    firstName: input.first_name,
    lastName: input.last_name,
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
      const [row] = await db
        .insert(users)
        .values({ ...base, username })
        .returning();
      if (!row) throw new Error("insert returned no row");
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

function generateUsername(email: string): string {
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

/**
 * Verifies credentials and opens a session. Unknown emails are checked against
 * a dummy hash so both failure paths cost the same PBKDF2 work and answer the same 401.
 */
export async function login(db: Db, env: JwtEnv, input: { email: string; password: string }, meta: LoginMeta) {
  const user = await db.select().from(users).where(eq(users.email, input.email)).get();
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user?.passwordHash || !ok) throw invalidCredentials();
  if (user.status !== "active") throw invalidCredentials();

  if (needsRehash(user.passwordHash)) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(input.password) })
      .where(eq(users.id, user.id));
  }
  const session = await createSession(db, user.id, meta);
  return { ...(await issueTokens(env, user, session.sessionId, session.refreshToken)), user: presentUser(user) };
}

const invalidRefresh = () =>
  new ApiError(401, "invalid-refresh-token", "The refresh token is invalid, expired or already used.", {
    headers: { "WWW-Authenticate": 'Bearer realm="api"' },
  });

export async function refresh(db: Db, env: JwtEnv, refreshToken: string) {
  const result = await rotateRefreshToken(db, refreshToken);
  if (!result.ok) throw invalidRefresh();
  const user = await db.select().from(users).where(eq(users.id, result.userId)).get();
  if (!user) throw invalidRefresh();
  return { ...(await issueTokens(env, user, result.sessionId, result.refreshToken)), user: presentUser(user) };
}

export async function logout(db: Db, sessionId: string): Promise<void> {
  await revokeSession(db, sessionId, "logout");
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
): Promise<UserRow> {
  const set: Partial<UserRow> = { updatedAt: Date.now() };
  if (patch.first_name !== undefined) set.firstName = patch.first_name;
  if (patch.last_name !== undefined) set.lastName = patch.last_name;
  if (patch.username !== undefined) set.username = patch.username;
  if (patch.timezone !== undefined) set.timezone = patch.timezone;
  if (patch.locale !== undefined) set.locale = patch.locale;
  try {
    const [row] = await db.update(users).set(set).where(eq(users.id, userId)).returning();
    if (!row) throw notFound("User");
    return row;
  } catch (err) {
    if (isUniqueViolation(err, "users.username")) throw conflict("username-taken", "This username is taken.");
    throw err;
  }
}

/** Changes the password after checking the current one; every other session is revoked. */
export async function changePassword(
  db: Db,
  userId: string,
  currentSessionId: string | null,
  input: { current_password: string; new_password: string },
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
  const errors = await passwordErrors("new_password", input.new_password, {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
  });
  if (errors.length) throw badRequest("The password does not meet the policy.", errors);
  const now = Date.now();
  const [row] = await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.new_password), passwordChangedAt: now, updatedAt: now })
    .where(eq(users.id, userId))
    .returning();
  await revokeUserSessions(db, userId, "password_changed", { except: currentSessionId });
  if (!row) throw notFound("User");
  return row;
}
