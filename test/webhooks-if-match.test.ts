/** `PATCH /webhook-endpoints/{id}` honours `If-Match` with the ETag of its GET (optimistic concurrency). */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { webhookEndpoints } from "../src/platform/db/schema";
import { db, employerWithCompany } from "./factories";
import { call } from "./helpers/http";
import { makeEndpoint } from "./helpers/webhooks";

describe("PATCH /webhook-endpoints/{id} with If-Match", () => {
  it("applies with the current ETag, answers 412 with a stale one and changes nothing", async () => {
    const owner = await employerWithCompany();
    const ep = await makeEndpoint(owner.company.id);
    const path = `/api/v1/webhook-endpoints/${ep.id}`;
    const got = await call("GET", path, { token: owner.token });
    const etag = got.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-z]+\.[A-Za-z0-9_-]+"$/);
    const first = await call("PATCH", path, {
      token: owner.token,
      headers: { "If-Match": etag ?? "" },
      body: { description: "first" },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("ETag")).not.toBe(etag);
    const stale = await call("PATCH", path, {
      token: owner.token,
      headers: { "If-Match": etag ?? "" },
      body: { description: "second" },
    });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { type: string }).type).toMatch(/precondition-failed$/);
    const row = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep.id)).get();
    expect(row?.description).toBe("first");
    // Without the header the write applies unconditionally.
    const free = await call("PATCH", path, { token: owner.token, body: { description: "third" } });
    expect(free.status).toBe(200);
  });
});
