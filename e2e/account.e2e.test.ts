/**
 * The account's own data (GDPR): a seeker with a profile and an application
 * exports everything stored about them, then deletes the account; the
 * credentials stop working and the old token is refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { del, expectStatus, get, loginAdmin, patch, post, registerVerified, type User } from "./lib/client";
import { createCompany, createDraftJob, verifyCompany } from "./lib/fixtures";

const stamp = Date.now().toString(36);
let seeker: User;
let employer: User;
let jobId: string;

beforeAll(async () => {
  [seeker, employer] = await Promise.all([
    registerVerified("seeker", "leaver"),
    registerVerified("employer", "keeper"),
  ]);
});

describe("account data export and deletion", () => {
  it("an employer publishes a job for the seeker to apply to", async () => {
    const admin = await loginAdmin();
    const company = await createCompany(employer, `Bilby Bakery ${stamp}`);
    await verifyCompany(admin, company.id);
    const job = await createDraftJob(employer, company.id, `Bilby Baker ${stamp}`);
    jobId = job.id;
    expect(expectStatus(await post(`/api/v1/jobs/${jobId}/publish`, { as: employer }), 200).status).toBe("published");
  });

  it("the export holds the account, the profile and the applications", async () => {
    expectStatus(
      await patch("/api/v1/profile", {
        as: seeker,
        json: { headline: `Baker of bilby bread ${stamp}`, visibility: "private" },
      }),
      200,
    );
    expectStatus(
      await post(`/api/v1/jobs/${jobId}/applications`, {
        as: seeker,
        json: { cover_letter: "Fresh bread daily.", answers: [] },
      }),
      201,
    );
    const res = await get("/api/v1/auth/me/export", { as: seeker });
    const data = expectStatus(res, 200);
    const text = JSON.stringify(data);
    expect(text).toContain(seeker.email);
    expect(text).toContain(`Baker of bilby bread ${stamp}`);
    expect(text).toContain(jobId);
    // Never the password hash or token secrets.
    expect(text).not.toMatch(/pbkdf2-sha256\$/);
    expect(text).not.toContain(seeker.token);
    // Someone else's token gets their own export, never this one.
    expect(JSON.stringify(expectStatus(await get("/api/v1/auth/me/export", { as: employer }), 200))).not.toContain(
      seeker.email,
    );
  });

  it("deleting the account needs the password, then login fails and the token is refused", async () => {
    const wrong = await del("/api/v1/auth/me", { as: seeker, json: { password: "not-the-password-at-all" } });
    expect([400, 401, 403]).toContain(wrong.status);

    expectStatus(await del("/api/v1/auth/me", { as: seeker, json: { password: seeker.password } }), 202);
    const login = await post("/api/v1/auth/login", {
      as: { ip: seeker.ip },
      json: { email: seeker.email, password: seeker.password },
    });
    expect(login.status).toBe(401);
    expect((await get("/api/v1/auth/me", { as: seeker })).status).toBe(401);
    // The public profile is gone too.
    expect((await get(`/api/v1/users/${seeker.username}`)).status).toBe(404);
  });
});
