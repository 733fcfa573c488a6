/**
 * TOTP two-factor authentication (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step).
 * The secret is AES-GCM encrypted at rest with ENCRYPTION_KEY (bound to the
 * user id as associated data). A code is accepted once: the last used time
 * step is stored and only later steps pass (conditional upsert), so a code
 * cannot be replayed within its window. Ten single-use recovery codes are
 * stored as SHA-256 hashes.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { ApiError, conflict } from "../../http/problem";
import { sha256Hex } from "../../lib/crypto";
import { fromBase64Url, fromHex, toBase64Url, utf8 } from "../../lib/encoding";
import { verifyPassword } from "../../lib/passwords";
import type { Db } from "../../platform/db/client";
import { insertWhere } from "../../platform/db/insert-where";
import { mfaRecoveryCodes, mfaState, type UserRow, users } from "../../platform/db/schema";
import { emailStatements } from "../../platform/email/log";
import { flushOutbox } from "../../platform/queue/outbox";
import { recordAudit } from "../audit";

const PERIOD = 30;
const DIGITS = 6;
const ISSUER = "Job Board";
export const RECOVERY_CODE_COUNT = 10;

// --- encryption -------------------------------------------------------------

const keys = new Map<string, Promise<CryptoKey>>();
function aesKey(hex: string): Promise<CryptoKey> {
  let key = keys.get(hex);
  if (!key) {
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error("ENCRYPTION_KEY must be 64 hex characters (256 bits)");
    key = crypto.subtle.importKey("raw", fromHex(hex), "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(hex, key);
  }
  return key;
}

/** `v1.<iv>.<ciphertext>` (base64url); the user id is authenticated as associated data. */
export async function encryptSecret(keyHex: string, plaintext: string, userId: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(userId) },
    await aesKey(keyHex),
    utf8(plaintext),
  );
  return `v1.${toBase64Url(iv)}.${toBase64Url(ct)}`;
}

export async function decryptSecret(keyHex: string, stored: string, userId: string): Promise<string> {
  const [v, iv, ct] = stored.split(".");
  if (v !== "v1" || !iv || !ct) throw new Error("unknown secret format");
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(iv), additionalData: utf8(userId) },
    await aesKey(keyHex),
    fromBase64Url(ct),
  );
  return new TextDecoder().decode(pt);
}

// --- codes ------------------------------------------------------------------

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The time step a code matches (now ±1), or null. */
export function matchStep(secretBase32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, "x").validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/** Claims a time step for the user; false when that step (or a later one) was already used. */
async function claimStep(db: Db, userId: string, step: number, now: number): Promise<boolean> {
  const rows = await db
    .insert(mfaState)
    .values({ userId, lastUsedStep: step, updatedAt: now })
    .onConflictDoUpdate({
      target: mfaState.userId,
      set: { lastUsedStep: step, updatedAt: now },
      setWhere: sql`${mfaState.lastUsedStep} IS NULL OR ${mfaState.lastUsedStep} < ${step}`,
    })
    .returning({ userId: mfaState.userId });
  return rows.length === 1;
}

const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

function newRecoveryCode(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * Checks a second factor for an enabled account: a TOTP code (single use per
 * step) or an unused recovery code (then consumed).
 */
export async function verifySecondFactor(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY">,
  user: Pick<UserRow, "id" | "mfaSecretEnc">,
  code: string,
  now = Date.now(),
): Promise<boolean> {
  if (!user.mfaSecretEnc) return false;
  if (/^\d{6}$/.test(code)) {
    const secret = await decryptSecret(env.ENCRYPTION_KEY, user.mfaSecretEnc, user.id);
    const step = matchStep(secret, code, now);
    return step !== null && (await claimStep(db, user.id, step, now));
  }
  const normalised = normaliseRecovery(code);
  if (normalised.length !== 10) return false;
  const res = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaRecoveryCodes.userId, user.id),
        eq(mfaRecoveryCodes.codeHash, await sha256Hex(normalised)),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    );
  return res.meta.changes === 1;
}

// --- setup / enable / disable -------------------------------------------------

export async function setupMfa(db: Db, env: Pick<Env, "ENCRYPTION_KEY">, user: UserRow, now = Date.now()) {
  if (user.mfaEnabled) throw conflict("mfa-already-enabled", "Two-factor authentication is already on.");
  const secret = new Secret({ size: 20 }).base32;
  const pendingSecretEnc = await encryptSecret(env.ENCRYPTION_KEY, secret, user.id);
  await db
    .insert(mfaState)
    .values({ userId: user.id, pendingSecretEnc, updatedAt: now })
    .onConflictDoUpdate({ target: mfaState.userId, set: { pendingSecretEnc, updatedAt: now } });
  return { secret, otpauth_url: totpFor(secret, user.email).toString() };
}

const invalidCode = () =>
  new ApiError(400, "mfa-invalid", "The code is invalid or was already used.", {
    errors: [{ path: "code", message: "Invalid or already used code." }],
  });

export async function enableMfa(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY" | "EVENTS">,
  user: UserRow,
  code: string,
  meta: { ipHint: string | null },
  now = Date.now(),
): Promise<string[]> {
  if (user.mfaEnabled) throw conflict("mfa-already-enabled", "Two-factor authentication is already on.");
  const state = await db.select().from(mfaState).where(eq(mfaState.userId, user.id)).get();
  if (!state?.pendingSecretEnc) throw conflict("mfa-setup-required", "Call POST /auth/2fa/setup first.");
  const secret = await decryptSecret(env.ENCRYPTION_KEY, state.pendingSecretEnc, user.id);
  const step = matchStep(secret, code, now);
  if (step === null || !(await claimStep(db, user.id, step, now))) throw invalidCode();

  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((c) => sha256Hex(normaliseRecovery(c))));
  // The codes are replaced only by the enable that wins: they run first, under the update's own
  // condition, so a concurrent loser (two valid codes of adjacent steps) cannot swap in codes
  // nobody was shown. The notice commits with the change (its outbox row in the same batch).
  const stillOff = and(eq(users.id, user.id), eq(users.mfaEnabled, false));
  const wins = sql`EXISTS (SELECT 1 FROM users WHERE ${stillOff})`;
  const email = emailStatements(
    db,
    { to: user.email, template: "mfa_enabled", userId: user.id, data: { first_name: user.firstName } },
    now,
  );
  const results = await db.batch([
    db.delete(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, user.id), wins)),
    ...hashes.map((codeHash) => insertWhere(db, mfaRecoveryCodes, { userId: user.id, codeHash, createdAt: now }, wins)),
    db.update(mfaState).set({ pendingSecretEnc: null, updatedAt: now }).where(eq(mfaState.userId, user.id)),
    ...email.statements,
    db
      .update(users)
      .set({ mfaEnabled: true, mfaSecretEnc: state.pendingSecretEnc, updatedAt: now })
      .where(stillOff)
      .returning({ id: users.id }),
  ]);
  const enabled = results[results.length - 1] as { id: string }[];
  if (enabled.length !== 1) throw conflict("mfa-already-enabled", "Two-factor authentication is already on.");
  await recordAudit(db, {
    actor: { userId: user.id, role: user.role },
    action: "auth.mfa_enabled",
    targetType: "user",
    targetId: user.id,
    ipHint: meta.ipHint,
  });
  await flushOutbox(env, db, email.write);
  return codes;
}

export async function disableMfa(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY" | "EVENTS">,
  user: UserRow,
  input: { password: string; code: string },
  meta: { ipHint: string | null },
  now = Date.now(),
): Promise<void> {
  if (!user.mfaEnabled) throw conflict("mfa-not-enabled", "Two-factor authentication is not on.");
  if (!user.passwordHash || !(await verifyPassword(input.password, user.passwordHash))) {
    throw new ApiError(400, "invalid-password", "The password is incorrect.", {
      errors: [{ path: "password", message: "Incorrect password." }],
    });
  }
  if (!(await verifySecondFactor(db, env, user, input.code, now))) throw invalidCode();
  const email = emailStatements(
    db,
    { to: user.email, template: "mfa_disabled", userId: user.id, data: { first_name: user.firstName } },
    now,
  );
  await db.batch([
    db.update(users).set({ mfaEnabled: false, mfaSecretEnc: null, updatedAt: now }).where(eq(users.id, user.id)),
    db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id)),
    db.update(mfaState).set({ pendingSecretEnc: null, updatedAt: now }).where(eq(mfaState.userId, user.id)),
    ...email.statements,
  ]);
  await recordAudit(db, {
    actor: { userId: user.id, role: user.role },
    action: "auth.mfa_disabled",
    targetType: "user",
    targetId: user.id,
    ipHint: meta.ipHint,
  });
  await flushOutbox(env, db, email.write);
}
