import { env } from "cloudflare:test";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "../src/modules/accounts/totp";
import { auditLog, mfaRecoveryCodes, users } from "../src/platform/db/schema";
import { db, signedIn } from "./factories";
import { totp, waitForEmail } from "./helpers/accounts";
import { api, expectProblem } from "./helpers/http";

async function enable() {
  const s = await signedIn();
  const setup = await api.post("/api/v1/auth/2fa/setup", undefined, { token: s.token });
  expect(setup.status).toBe(200);
  const secret = setup.json.secret as string;
  const code = totp(secret);
  const on = await api.post("/api/v1/auth/2fa/enable", { code }, { token: s.token });
  expect(on.status).toBe(200);
  return { ...s, secret, firstCode: code, recovery: on.json.recovery_codes as string[] };
}

const loginWith = (s: { user: { email: string; password: string } }, totp_code?: string) =>
  api.post("/api/v1/auth/login", {
    email: s.user.email,
    password: s.user.password,
    ...(totp_code ? { totp_code } : {}),
  });

describe("2FA (TOTP)", () => {
  it("setup returns an otpauth URL; enable stores the secret encrypted, 10 hashed recovery codes, audits and emails", async () => {
    const s = await enable();
    expect(s.recovery).toHaveLength(10);
    expect(new Set(s.recovery).size).toBe(10);
    const row = await db().select().from(users).where(eq(users.id, s.user.id)).get();
    expect(row?.mfaEnabled).toBe(true);
    expect(row?.mfaSecretEnc).toMatch(/^v1\./);
    expect(row?.mfaSecretEnc).not.toContain(s.secret);
    expect(await decryptSecret(env.ENCRYPTION_KEY, row?.mfaSecretEnc ?? "", s.user.id)).toBe(s.secret);
    const codes = await db().select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, s.user.id)).all();
    expect(codes).toHaveLength(10);
    expect(codes.map((c) => c.codeHash)).not.toContain(s.recovery[0]);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, s.user.id), eq(auditLog.action, "auth.mfa_enabled")))
      .all();
    expect(audit).toHaveLength(1);
    await waitForEmail(s.user.email, "mfa_enabled");
    expect((await api.get("/api/v1/auth/me", { token: s.token })).json.user.mfa_enabled).toBe(true);
  });

  it("setup's otpauth URL names the issuer and account", async () => {
    const s = await signedIn();
    const r = await api.post("/api/v1/auth/2fa/setup", undefined, { token: s.token });
    expect(r.json.otpauth_url).toMatch(/^otpauth:\/\/totp\/Job%20Board:/);
    expect(r.json.otpauth_url).toContain(`secret=${r.json.secret}`);
    expectProblem(
      await api.post("/api/v1/auth/2fa/enable", { code: "000000" }, { token: s.token }),
      400,
      "mfa-invalid",
    );
  });

  it("enable without setup is 409; setup twice after enabling is 409", async () => {
    const s = await signedIn();
    expectProblem(
      await api.post("/api/v1/auth/2fa/enable", { code: "123456" }, { token: s.token }),
      409,
      "mfa-setup-required",
    );
    const e = await enable();
    expectProblem(await api.post("/api/v1/auth/2fa/setup", undefined, { token: e.token }), 409, "mfa-already-enabled");
  });

  it("login requires the code: missing → mfa-required, wrong → mfa-invalid, right → tokens; a code cannot be replayed", async () => {
    const s = await enable();
    expectProblem(await loginWith(s), 401, "mfa-required");
    expectProblem(await loginWith(s, "000000"), 401, "mfa-invalid");
    // the enabling code's step is spent: replaying it fails
    expectProblem(await loginWith(s, s.firstCode), 401, "mfa-invalid");
    const next = totp(s.secret, Date.now() + 30_000);
    expect((await loginWith(s, next)).status).toBe(200);
    expectProblem(await loginWith(s, next), 401, "mfa-invalid");
  });

  it("accepts each recovery code once", async () => {
    const s = await enable();
    const code = s.recovery[3] ?? "";
    expect((await loginWith(s, code.toUpperCase())).status).toBe(200);
    expectProblem(await loginWith(s, code), 401, "mfa-invalid");
    const unused = await db()
      .select()
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, s.user.id), isNull(mfaRecoveryCodes.usedAt)))
      .all();
    expect(unused).toHaveLength(9);
  });

  it("disable needs the password and a code, then login needs no code", async () => {
    const s = await enable();
    const code = totp(s.secret, Date.now() + 30_000);
    expectProblem(
      await api.post("/api/v1/auth/2fa/disable", { password: "wrong-password!", code }, { token: s.token }),
      400,
      "invalid-password",
    );
    expectProblem(
      await api.post("/api/v1/auth/2fa/disable", { password: s.user.password, code: "999999" }, { token: s.token }),
      400,
      "mfa-invalid",
    );
    expect(
      (await api.post("/api/v1/auth/2fa/disable", { password: s.user.password, code }, { token: s.token })).status,
    ).toBe(204);
    const row = await db().select().from(users).where(eq(users.id, s.user.id)).get();
    expect(row).toMatchObject({ mfaEnabled: false, mfaSecretEnc: null });
    expect(await db().select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, s.user.id)).all()).toHaveLength(
      0,
    );
    expect((await loginWith(s)).status).toBe(200);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, s.user.id), eq(auditLog.action, "auth.mfa_disabled")))
      .all();
    expect(audit).toHaveLength(1);
    expectProblem(
      await api.post("/api/v1/auth/2fa/disable", { password: s.user.password, code }, { token: s.token }),
      409,
      "mfa-not-enabled",
    );
  });

  it("validates bodies and requires auth", async () => {
    const s = await signedIn();
    expectProblem(
      await api.post("/api/v1/auth/2fa/enable", { code: "12" }, { token: s.token }),
      400,
      "validation-error",
    );
    expectProblem(await api.post("/api/v1/auth/2fa/setup"), 401);
  });

  it("secret encryption is bound to the user id", async () => {
    const enc = await encryptSecret(env.ENCRYPTION_KEY, "ABC", "user-1");
    await expect(decryptSecret(env.ENCRYPTION_KEY, enc, "user-2")).rejects.toThrow();
  });
});
