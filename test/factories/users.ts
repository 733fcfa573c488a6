/**
 * Accounts: users of any role inserted directly (fast, no HTTP), and signed in
 * through the real login endpoint to get real tokens.
 */
import { foldText } from "../../src/lib/fold";
import { newId } from "../../src/lib/ids";
import { hashPassword } from "../../src/lib/passwords";
import { type UserRow, users } from "../../src/platform/db/schema";
import type { Role } from "../../src/platform/env";
import { api } from "../helpers/http";
import { db, unique } from "./support";

export const DEFAULT_PASSWORD = "Plenty-of-Entropy-2026";
const hashCache = new Map<string, Promise<string>>();
function cachedHash(password: string) {
  let h = hashCache.get(password);
  if (!h) {
    h = hashPassword(password);
    hashCache.set(password, h);
  }
  return h;
}

export interface MakeUserOptions {
  role?: Role;
  email?: string;
  username?: string;
  password?: string;
  verified?: boolean;
  firstName?: string;
  lastName?: string;
  status?: UserRow["status"];
  /** IANA time zone (default UTC). */
  timezone?: string;
  /** The account's `locale` setting (default `en`). */
  locale?: string;
}

export async function makeUser(o: MakeUserOptions = {}): Promise<UserRow & { password: string }> {
  const now = Date.now();
  const name = unique();
  const password = o.password ?? DEFAULT_PASSWORD;
  const row: UserRow = {
    id: newId(now),
    email: (o.email ?? `${name}@example.com`).toLowerCase(),
    username: o.username ?? name.toLowerCase(),
    passwordHash: await cachedHash(password),
    role: o.role ?? "seeker",
    firstName: o.firstName ?? "Test",
    lastName: o.lastName ?? "User",
    firstNameKey: foldText(o.firstName ?? "Test"),
    lastNameKey: foldText(o.lastName ?? "User"),
    emailVerifiedAt: o.verified === false ? null : now,
    mfaEnabled: false,
    mfaSecretEnc: null,
    timezone: o.timezone ?? "UTC",
    locale: o.locale ?? "en",
    status: o.status ?? "active",
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(users).values(row);
  return { ...row, password };
}

export interface Session {
  user: UserRow & { password: string };
  token: string;
  refreshToken: string;
}

/** Logs in through the API and returns the tokens. */
export async function login(user: { email: string; password: string }, headers?: Record<string, string>) {
  const r = await api.post("/api/v1/auth/login", { email: user.email, password: user.password }, { headers });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.json)}`);
  return { token: r.json.access_token as string, refreshToken: r.json.refresh_token as string };
}

/** A user of the given role (seeker by default), signed in. */
export async function signedIn(o: MakeUserOptions = {}): Promise<Session> {
  const user = await makeUser(o);
  const tokens = await login(user);
  return { user, ...tokens };
}
