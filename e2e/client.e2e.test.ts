/**
 * The typed client (clients/typescript) against the running server: an employer
 * registers, verifies and logs in, creates a company and a job, the admin
 * verifies the company, the job is published and found by search — every call
 * typed from the generated schema, with no casts.
 */
import { describe, expect, it } from "vitest";
import { createJobBoardClient, type Schema } from "../clients/typescript";
import { base, loginAdmin, newIp, uniqueEmail, waitFor, waitForMail } from "./lib/client";

const stamp = Date.now().toString(36);

describe("typed client", () => {
  it("registers, logs in, creates a company and a job, publishes it and finds it by search", async () => {
    const ip = newIp();
    let token: string | undefined;
    const api = createJobBoardClient({ baseUrl: base, token: () => token, headers: { "CF-Connecting-IP": ip } });
    const email = uniqueEmail("typed");
    const password = `Typed-client-${stamp}-Pw`;

    const reg = await api.POST("/api/v1/auth/register", {
      body: { email, password, role: "employer", first_name: "Typed", last_name: "Client" },
    });
    expect(reg.response.status).toBe(201);
    expect(reg.data?.user.email).toBe(email);

    const mail = await waitForMail(email, (m) => /verify-email\?token=/.test(m.text));
    const verifyToken = /verify-email\?token=([\w-]+)/.exec(mail.text)?.[1] ?? "";
    const verified = await api.POST("/api/v1/auth/verify-email", { body: { token: verifyToken } });
    expect(verified.data?.user.email_verified).toBe(true);

    const wrong = await api.POST("/api/v1/auth/login", { body: { email, password: "not-the-password-1" } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error?.type).toMatch(/\/problems\//);

    const session = await api.POST("/api/v1/auth/login", { body: { email, password } });
    expect(session.response.status).toBe(200);
    token = session.data?.access_token;
    expect(token).toBeTruthy();

    const me = await api.GET("/api/v1/auth/me");
    expect(me.data?.user.email).toBe(email);

    const company = await api.POST("/api/v1/companies", {
      body: { name: `Typed Client Co ${stamp}`, description: "Generated from /openapi.json.", industry: "Software" },
    });
    expect(company.response.status).toBe(201);
    const companyId = company.data?.id ?? "";

    const job = await api.POST("/api/v1/jobs", {
      body: {
        company_id: companyId,
        title: `Typed Client Engineer ${stamp}`,
        description: "We are hiring an engineer to keep our typed TypeScript client in step with the API.",
        location: { city: "Lisbon", country: "PT" },
        is_remote: true,
        job_type: "full_time",
        experience_level: "mid",
      },
    });
    expect(job.response.status).toBe(201);
    const created: Schema<"Job"> | undefined = job.data;
    expect(created?.status).toBe("draft");
    const jobId = created?.id ?? "";

    const admin = await loginAdmin();
    const asAdmin = createJobBoardClient({
      baseUrl: base,
      token: admin.token,
      headers: { "CF-Connecting-IP": admin.ip },
    });
    const verifiedCompany = await asAdmin.POST("/api/v1/admin/companies/{id}/verify", {
      params: { path: { id: companyId } },
    });
    expect(verifiedCompany.data?.is_verified).toBe(true);

    const published = await api.POST("/api/v1/jobs/{id}/publish", { params: { path: { id: jobId } } });
    expect(published.data?.status).toBe("published");

    const anonymous = createJobBoardClient({ baseUrl: base, headers: { "CF-Connecting-IP": newIp() } });
    const hit = await waitFor("the job in search results", async () => {
      const found = await anonymous.GET("/api/v1/jobs", { params: { query: { q: `typed client ${stamp}` } } });
      return found.data?.data.find((j) => j.id === jobId);
    });
    expect(hit.title).toBe(`Typed Client Engineer ${stamp}`);

    const missing = await anonymous.GET("/api/v1/jobs/{id}", {
      params: { path: { id: "0193a5b2-7c1e-7f00-8000-000000000000" } },
    });
    expect(missing.response.status).toBe(404);
  });
});
