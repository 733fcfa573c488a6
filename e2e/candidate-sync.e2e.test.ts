/**
 * Integrations against the running server, through the typed client
 * (clients/typescript): a `job.closed` webhook reaches a local receiver and its
 * signature verifies with the `standardwebhooks` library; and a company's
 * candidate sync (`GET /companies/{id}/candidates?updated_since=`) follows a
 * candidate who applies, edits their profile between pages (it comes again,
 * changed, after the cursor) and erases their account (a tombstone).
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobBoardClient, type JobBoardClient } from "../clients/typescript";
import { base, loginAdmin, registerVerified, type User, waitFor } from "./lib/client";
import { type Receiver, startReceiver } from "./lib/receiver";

const stamp = Date.now().toString(36);
const clientOf = (u: User): JobBoardClient =>
  createJobBoardClient({ baseUrl: base, token: u.token, headers: { "CF-Connecting-IP": u.ip } });

let receiver: Receiver;
let employer: User;
let admin: User;
let companyId = "";

/** A published job of the employer's company (publishing waits for the admin while the company is unverified). */
async function publishedJob(title: string): Promise<string> {
  const api = clientOf(employer);
  const made = await api.POST("/api/v1/jobs", {
    body: {
      company_id: companyId,
      title: `${title} ${stamp}`,
      description: "We are hiring an engineer to keep connectors in sync with our job board API.",
      job_type: "full_time",
      experience_level: "mid",
      is_remote: true,
    },
  });
  expect(made.response.status).toBe(201);
  const id = made.data?.id ?? "";
  const published = await api.POST("/api/v1/jobs/{id}/publish", { params: { path: { id } } });
  expect(published.response.status).toBe(200);
  if (published.data?.status !== "published") {
    const approved = await clientOf(admin).POST("/api/v1/admin/jobs/{id}/approve", { params: { path: { id } } });
    expect(approved.data?.status).toBe("published");
  }
  return id;
}

beforeAll(async () => {
  receiver = await startReceiver("/hooks/closed");
  [employer, admin] = await Promise.all([registerVerified("employer", "candsync"), loginAdmin()]);
  const company = await clientOf(employer).POST("/api/v1/companies", {
    body: { name: `Candidate Sync Co ${stamp}`, description: "Syncs its candidates.", industry: "Software" },
  });
  expect(company.response.status).toBe(201);
  companyId = company.data?.id ?? "";
});

afterAll(async () => {
  await receiver.close();
});

describe("job.closed webhook", () => {
  it("delivers job.closed to a local receiver, signed; the library verifies it", async () => {
    const api = clientOf(employer);
    const endpoint = await api.POST("/api/v1/webhook-endpoints", {
      body: { url: receiver.url, events: ["job.closed"], company_id: companyId },
    });
    expect(endpoint.response.status).toBe(201);
    const secret = endpoint.data?.secret ?? "";
    expect(secret).toMatch(/^whsec_/);

    const jobId = await publishedJob("Closing Engineer");
    const closed = await api.POST("/api/v1/jobs/{id}/close", { params: { path: { id: jobId } } });
    expect(closed.data?.status).toBe("closed");

    const hit = await waitFor(
      "the job.closed webhook",
      async () => receiver.hits.find((h) => h.body.includes(jobId) && h.body.includes("job.closed")),
      20_000,
    );
    const payload = new Webhook(secret).verify(hit.body, hit.headers) as {
      type: string;
      data: { job: { id: string; status: string } };
    };
    expect(payload.type).toBe("job.closed");
    expect(payload.data.job).toMatchObject({ id: jobId, status: "closed" });
    // Only the subscribed event type arrives (publishing sent nothing to this endpoint).
    expect(receiver.hits.every((h) => JSON.parse(h.body).type === "job.closed")).toBe(true);
    // A tampered body fails verification.
    expect(() => new Webhook(secret).verify(hit.body.replace("closed", "opened"), hit.headers)).toThrow();
  });
});

describe("candidate sync", () => {
  it("syncs candidates: apply, page with a cursor, a profile edit comes again, account erasure is a tombstone", async () => {
    const jobId = await publishedJob("Synced Engineer");
    const api = clientOf(employer);
    const since = new Date(Date.now() - 2000).toISOString();
    const [ada, bob] = await Promise.all([registerVerified("seeker", "ada"), registerVerified("seeker", "bob")]);
    for (const s of [ada, bob]) {
      const applied = await clientOf(s).POST("/api/v1/jobs/{id}/applications", {
        params: { path: { id: jobId } },
        body: { cover_letter: "I would like to sync with you." },
      });
      expect(applied.response.status).toBe(201);
    }
    const path = { path: { id: companyId } };

    const first = await api.GET("/api/v1/companies/{id}/candidates", {
      params: { ...path, query: { updated_since: since, limit: 1 } },
    });
    expect(first.response.status).toBe(200);
    expect(first.data?.data).toHaveLength(1);
    expect(first.data?.deleted).toEqual([]);
    const cursor = first.data?.next_cursor ?? "";
    expect(cursor).toBeTruthy();
    const sent = first.data?.data[0];
    const editor = sent?.id === ada.id ? ada : bob;
    const other = editor === ada ? bob : ada;
    expect(sent).toMatchObject({ id: editor.id, email: editor.email, username: editor.username });

    // The candidate already sent edits their profile between pages.
    const edited = await clientOf(editor).PATCH("/api/v1/profile", {
      body: { headline: "Sync-minded engineer", visibility: "employers" },
    });
    expect(edited.response.status).toBe(200);

    const seen: { id: string; headline: string | null; updated_at: string }[] = [];
    let next: string | null = cursor;
    for (let n = 0; next && n < 10; n++) {
      const query: { updated_since: string; limit: number; cursor: string } = {
        updated_since: since,
        limit: 1,
        cursor: next,
      };
      const { data, response } = await api.GET("/api/v1/companies/{id}/candidates", { params: { ...path, query } });
      expect(response.status).toBe(200);
      for (const c of data?.data ?? []) {
        seen.push({ id: c.id, headline: c.profile?.headline ?? null, updated_at: c.updated_at });
      }
      next = data?.next_cursor ?? null;
    }
    expect(seen.map((c) => c.id)).toEqual([other.id, editor.id]);
    expect(seen[1]?.headline).toBe("Sync-minded engineer");
    const resumeAt = seen.at(-1)?.updated_at ?? since;

    // The candidate erases their account: the company's next sync has them in `deleted`.
    const erased = await clientOf(editor).DELETE("/api/v1/auth/me", { body: { password: editor.password } });
    expect(erased.response.status).toBe(202);
    const after = await waitFor("the tombstone", async () => {
      const r = await api.GET("/api/v1/companies/{id}/candidates", {
        params: { ...path, query: { updated_since: resumeAt } },
      });
      return r.data?.deleted?.some((d) => d.id === editor.id) ? r.data : undefined;
    });
    expect(after.data.map((c) => c.id)).not.toContain(editor.id);
    const full = await api.GET("/api/v1/companies/{id}/candidates", { params: path });
    expect(full.data?.data.map((c) => c.id)).toEqual([other.id]);

    // Too far back for the deletions kept: 410, resync in full.
    const stale = await api.GET("/api/v1/companies/{id}/candidates", {
      params: { ...path, query: { updated_since: "2020-01-01T00:00:00Z" } },
    });
    expect(stale.response.status).toBe(410);
    expect(stale.error?.type).toMatch(/sync-cursor-expired$/);
  });
});
