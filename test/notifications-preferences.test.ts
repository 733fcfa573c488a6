import { describe, expect, it } from "vitest";
import { notificationPreferences } from "../src/platform/db/schema";
import { db, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

type Pref = { type: string; in_app: boolean; email: boolean; configurable: boolean };
const byType = (data: Pref[]) => Object.fromEntries(data.map((p) => [p.type, p]));

describe("notification preferences", () => {
  it("GET returns sensible defaults for every type", async () => {
    const me = await signedIn();
    const r = await api.get("/api/v1/notifications/preferences", { token: me.token });
    expect(r.status).toBe(200);
    expect(r.json.channels).toEqual(["in_app", "email"]);
    const p = byType(r.json.data);
    expect(Object.keys(p).sort()).toEqual(
      [
        "application_received",
        "application_status_changed",
        "interview_scheduled",
        "job_alert",
        "job_moderated",
        "review_response",
        "new_message",
        "new_device_login",
        "password_changed",
        "webhook_endpoint_disabled",
      ].sort(),
    );
    expect(p.application_status_changed).toMatchObject({ in_app: true, email: true, configurable: true });
    expect(p.review_response).toMatchObject({ in_app: true, email: false, configurable: true });
    expect(p.new_device_login).toMatchObject({ in_app: true, email: true, configurable: false });
    expect(p.password_changed).toMatchObject({ in_app: true, email: true, configurable: false });
  });

  it("PUT changes only the listed channels and is stored per user", async () => {
    const me = await signedIn();
    const other = await signedIn();
    const r = await api.put(
      "/api/v1/notifications/preferences",
      {
        preferences: [
          { type: "job_alert", email: false },
          { type: "review_response", email: true, in_app: false },
        ],
      },
      { token: me.token },
    );
    expect(r.status).toBe(200);
    const p = byType(r.json.data);
    expect(p.job_alert).toMatchObject({ in_app: true, email: false });
    expect(p.review_response).toMatchObject({ in_app: false, email: true });

    // A later partial update keeps the earlier choice for the other channel.
    await api.put(
      "/api/v1/notifications/preferences",
      { preferences: [{ type: "job_alert", in_app: false }] },
      {
        token: me.token,
      },
    );
    const again = byType((await api.get("/api/v1/notifications/preferences", { token: me.token })).json.data);
    expect(again.job_alert).toMatchObject({ in_app: false, email: false });

    const rows = await db().select().from(notificationPreferences);
    expect(rows.filter((row) => row.userId === me.user.id)).toHaveLength(2);
    const theirs = byType((await api.get("/api/v1/notifications/preferences", { token: other.token })).json.data);
    expect(theirs.job_alert).toMatchObject({ in_app: true, email: true });
  });

  it("refuses to switch off security notices (400) and writes nothing", async () => {
    const me = await signedIn();
    const r = await api.put(
      "/api/v1/notifications/preferences",
      {
        preferences: [
          { type: "job_alert", email: false },
          { type: "new_device_login", email: false },
        ],
      },
      { token: me.token },
    );
    const problem = expectProblem(r, 400, "validation-error");
    expect(problem.errors).toEqual([{ path: "preferences.1.email", message: expect.stringContaining("security") }]);
    expectProblem(
      await api.put(
        "/api/v1/notifications/preferences",
        { preferences: [{ type: "password_changed", in_app: false }] },
        { token: me.token },
      ),
      400,
    );
    const p = byType((await api.get("/api/v1/notifications/preferences", { token: me.token })).json.data);
    expect(p.job_alert?.email).toBe(true);
    // Switching a security notice "on" is harmless.
    const on = await api.put(
      "/api/v1/notifications/preferences",
      { preferences: [{ type: "password_changed", email: true }] },
      { token: me.token },
    );
    expect(on.status).toBe(200);
  });

  it("validates the body strictly", async () => {
    const me = await signedIn();
    const put = (body: unknown) => api.put("/api/v1/notifications/preferences", body, { token: me.token });
    expectProblem(await put({ preferences: [{ type: "nope", email: false }] }), 400);
    expectProblem(await put({ preferences: [{ type: "job_alert", sms: true }] }), 400);
    expectProblem(await put({ preferences: [{ type: "job_alert", email: "no" }] }), 400);
    expectProblem(await put({ preferences: [] }), 400);
    expectProblem(await put({ preferences: [{ type: "job_alert" }], extra: 1 }), 400);
    const dup = expectProblem(
      await put({
        preferences: [
          { type: "job_alert", email: false },
          { type: "job_alert", email: true },
        ],
      }),
      400,
    );
    expect(dup.errors[0].path).toBe("preferences.1.type");
  });

  it("PUT accepts the body GET returned, verbatim (round trip)", async () => {
    const me = await signedIn();
    const url = "/api/v1/notifications/preferences";
    const got = await api.get(url, { token: me.token });
    const edited = structuredClone(got.json);
    for (const p of edited.data as Pref[]) if (p.type === "job_alert") p.email = false;

    const same = await api.put(url, got.json, { token: me.token });
    expect(same.status).toBe(200);
    expect(same.json).toEqual(got.json);

    const put = await api.put(url, edited, { token: me.token });
    expect(put.status).toBe(200);
    expect(byType(put.json.data).job_alert?.email).toBe(false);
    const again = await api.get(url, { token: me.token });
    expect(again.json).toEqual(edited);

    // Read-only fields are accepted only unchanged; unknown fields are still refused.
    const lock = structuredClone(got.json);
    lock.data.find((p: Pref) => p.type === "password_changed").configurable = true;
    expect(expectProblem(await api.put(url, lock, { token: me.token }), 400).errors[0].path).toMatch(
      /^data\.\d+\.configurable$/,
    );
    expectProblem(await api.put(url, { ...got.json, extra: 1 }, { token: me.token }), 400);
    expectProblem(await api.put(url, { data: got.json.data, preferences: got.json.data }, { token: me.token }), 400);
  });

  it("requires authentication", async () => {
    expectProblem(await api.get("/api/v1/notifications/preferences"), 401);
    expectProblem(
      await api.put("/api/v1/notifications/preferences", { preferences: [{ type: "job_alert", email: false }] }),
      401,
    );
  });
});
