import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { companyMembers } from "../src/platform/db/schema";
import { addMember, db, makeCompany, makeUser, signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

const members = (id: string) => `/api/v1/companies/${id}/members`;

async function team() {
  const owner = await signedIn({ role: "employer" });
  const recruiter = await signedIn({ role: "employer" });
  const co = await makeCompany({
    members: [{ userId: owner.user.id }, { userId: recruiter.user.id, role: "recruiter" }],
  });
  return { owner, recruiter, co };
}

const membership = (companyId: string, userId: string) =>
  db()
    .select()
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
    .get();

describe("GET /companies/{id}/members", () => {
  it("lists members, owners first, to members and admins", async () => {
    const { owner, recruiter, co } = await team();
    const r = await api.get(members(co.id), { token: recruiter.token });
    expect(r.status).toBe(200);
    expect(r.json.data.map((m: { user_id: string; role: string }) => [m.user_id, m.role])).toEqual([
      [owner.user.id, "owner"],
      [recruiter.user.id, "recruiter"],
    ]);
    const admin = await signedIn({ role: "admin" });
    expect((await api.get(members(co.id), { token: admin.token })).json.data).toHaveLength(2);
  });

  it("is 404 for non-members and 401 anonymously", async () => {
    const { co } = await team();
    const stranger = await signedIn({ role: "employer" });
    const r = expectProblem(await api.get(members(co.id), { token: stranger.token }), 404);
    expect(JSON.stringify(r)).not.toContain("@");
    const seeker = await signedIn();
    expectProblem(await api.get(members(co.id), { token: seeker.token }), 404);
    expectProblem(await api.get(members(co.id)), 401);
  });
});

describe("POST /companies/{id}/members", () => {
  it("lets an owner add an existing employer by email", async () => {
    const { owner, co } = await team();
    const newbie = await makeUser({ role: "employer" });
    const r = await api.post(
      members(co.id),
      { email: newbie.email.toUpperCase(), role: "recruiter" },
      { token: owner.token },
    );
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ user_id: newbie.id, role: "recruiter", email: newbie.email });
    expect((await membership(co.id, newbie.id))?.role).toBe("recruiter");
    expectProblem(
      await api.post(members(co.id), { email: newbie.email, role: "owner" }, { token: owner.token }),
      409,
      "already-member",
    );
  });

  it("only adds employer accounts that exist", async () => {
    const { owner, co } = await team();
    const seeker = await makeUser({ role: "seeker" });
    expectProblem(
      await api.post(members(co.id), { email: seeker.email, role: "recruiter" }, { token: owner.token }),
      404,
      "employer-not-found",
    );
    expectProblem(
      await api.post(members(co.id), { email: "nobody@example.com", role: "recruiter" }, { token: owner.token }),
      404,
    );
    expectProblem(
      await api.post(members(co.id), { email: "x@example.com", role: "admin" }, { token: owner.token }),
      400,
    );
    expect(await membership(co.id, seeker.id)).toBeUndefined();
  });

  it("refuses recruiters (403) and non-members (404)", async () => {
    const { recruiter, co } = await team();
    const newbie = await makeUser({ role: "employer" });
    const body = { email: newbie.email, role: "owner" };
    expectProblem(await api.post(members(co.id), body, { token: recruiter.token }), 403);
    const stranger = await signedIn({ role: "employer" });
    expectProblem(await api.post(members(co.id), body, { token: stranger.token }), 404);
    expect(await membership(co.id, newbie.id)).toBeUndefined();
  });
});

describe("DELETE /companies/{id}/members/{user_id}", () => {
  it("lets the owner remove a recruiter and a recruiter leave", async () => {
    const { owner, recruiter, co } = await team();
    const other = await makeUser({ role: "employer" });
    await addMember(co.id, other.id, "recruiter");
    expect((await api.delete(`${members(co.id)}/${other.id}`, { token: owner.token })).status).toBe(204);
    expect(await membership(co.id, other.id)).toBeUndefined();
    expect((await api.delete(`${members(co.id)}/${recruiter.user.id}`, { token: recruiter.token })).status).toBe(204);
    expect(await membership(co.id, recruiter.user.id)).toBeUndefined();
  });

  it("keeps the last owner: cannot leave or be removed, even by an admin", async () => {
    const { owner, co } = await team();
    expectProblem(await api.delete(`${members(co.id)}/${owner.user.id}`, { token: owner.token }), 409, "last-owner");
    const admin = await signedIn({ role: "admin" });
    expectProblem(await api.delete(`${members(co.id)}/${owner.user.id}`, { token: admin.token }), 409, "last-owner");
    expect((await membership(co.id, owner.user.id))?.role).toBe("owner");
  });

  it("lets one of two owners leave", async () => {
    const { owner, recruiter, co } = await team();
    const promoted = await api.patch(
      `${members(co.id)}/${recruiter.user.id}`,
      { role: "owner" },
      { token: owner.token },
    );
    expect(promoted.json.role).toBe("owner");
    expect((await api.delete(`${members(co.id)}/${owner.user.id}`, { token: owner.token })).status).toBe(204);
    expectProblem(
      await api.delete(`${members(co.id)}/${recruiter.user.id}`, { token: recruiter.token }),
      409,
      "last-owner",
    );
  });

  it("refuses recruiters removing others, non-members, and unknown members", async () => {
    const { owner, recruiter, co } = await team();
    expectProblem(await api.delete(`${members(co.id)}/${owner.user.id}`, { token: recruiter.token }), 403);
    const stranger = await signedIn({ role: "employer" });
    expectProblem(await api.delete(`${members(co.id)}/${recruiter.user.id}`, { token: stranger.token }), 404);
    expectProblem(await api.delete(`${members(co.id)}/${stranger.user.id}`, { token: owner.token }), 404);
    expect(await membership(co.id, recruiter.user.id)).toBeDefined();
  });
});

describe("PATCH /companies/{id}/members/{user_id}", () => {
  it("does not demote the last owner and is owner-only", async () => {
    const { owner, recruiter, co } = await team();
    expectProblem(
      await api.patch(`${members(co.id)}/${owner.user.id}`, { role: "recruiter" }, { token: owner.token }),
      409,
      "last-owner",
    );
    expectProblem(
      await api.patch(`${members(co.id)}/${recruiter.user.id}`, { role: "owner" }, { token: recruiter.token }),
      403,
    );
    expect((await membership(co.id, recruiter.user.id))?.role).toBe("recruiter");
  });
});
