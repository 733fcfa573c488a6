/**
 * Sync and calendar against the running server, through the typed client: an
 * employer's jobs come back with `updated_since` in change order with a
 * deletion as a tombstone, and the calendar feed URL serves an iCalendar.
 */
import { describe, expect, it } from "vitest";
import { createJobBoardClient } from "../clients/typescript";
import { base, registerVerified } from "./lib/client";
import { createCompany } from "./lib/fixtures";

describe("integrations", () => {
  it("syncs an employer's jobs with a tombstone, and serves the calendar feed", async () => {
    const employer = await registerVerified("employer", "syncer");
    const api = createJobBoardClient({
      baseUrl: base,
      token: employer.token,
      headers: { "CF-Connecting-IP": employer.ip },
    });
    const company = await createCompany(employer, `Sync Co ${Date.now().toString(36)}`);
    const since = new Date(Date.now() - 1000).toISOString();
    const ids: string[] = [];
    for (const title of ["Sync One", "Sync Two"]) {
      const r = await api.POST("/api/v1/jobs", {
        body: {
          company_id: company.id,
          title: `${title} Engineer`,
          description: "We are hiring an engineer to keep integrations in sync with our job board API.",
          job_type: "full_time",
          experience_level: "mid",
          is_remote: true,
        },
      });
      expect(r.response.status).toBe(201);
      ids.push(r.data?.id ?? "");
    }
    const removed = await api.DELETE("/api/v1/jobs/{id}", { params: { path: { id: ids[0] ?? "" } } });
    expect(removed.response.status).toBe(204);
    const page = await api.GET("/api/v1/employer/jobs", { params: { query: { updated_since: since } } });
    expect(page.response.status).toBe(200);
    expect(page.data?.data.map((j) => j.id)).toEqual([ids[1]]);
    expect(page.data?.deleted?.map((d) => d.id)).toEqual([ids[0]]);

    const feed = await api.GET("/api/v1/calendar/feed");
    expect(feed.data?.webcal_url).toMatch(/^webcal:\/\/.+\/calendar\/.+\.ics$/);
    const ics = await fetch(feed.data?.url ?? "");
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);
  });
});
