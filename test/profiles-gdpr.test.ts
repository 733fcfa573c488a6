import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handleFileOrphaned } from "../src/modules/files/service";
import { eraseProfileData, exportProfileData } from "../src/modules/profiles/gdpr";
import { experience, profileSkills, resumes, seekerProfiles, skills } from "../src/platform/db/schema";
import { db, signedIn } from "./factories";
import { api, call } from "./helpers/http";
import { buildPng, uploadResume } from "./helpers/profiles";

async function filledSeeker() {
  const s = await signedIn();
  const t = { token: s.token };
  await api.patch("/api/v1/profile", { headline: "Welder", phone: "+1 555 0100 999" }, t);
  await api.put("/api/v1/profile/skills", [{ name: "TIG welding" }, { name: "Forklift" }], t);
  await api.post(
    "/api/v1/profile/experience",
    { company_name: "Forge", title: "Welder", start_date: "2019", is_current: true },
    t,
  );
  const avatar = await call("PUT", "/api/v1/profile/avatar", { ...t, raw: buildPng(`gdpr-${s.user.id}`) });
  const avatarKey = new URL(((await avatar.json()) as { avatar_url: string }).avatar_url).pathname.replace(
    "/files/",
    "",
  );
  const resume = await uploadResume(s.token, {
    bytes: new TextEncoder().encode("TIG welding, MIG welding"),
    name: "cv.txt",
  });
  return { s, avatarKey, resumeId: resume.json.id as string };
}

const popularity = async (id: string) =>
  (await db().select({ p: skills.popularity }).from(skills).where(eq(skills.id, id)).get())?.p ?? -1;

describe("profile GDPR hooks", () => {
  it("exports everything the user entered, including stored file keys", async () => {
    const { s, avatarKey, resumeId } = await filledSeeker();
    const data = await exportProfileData(db(), s.user.id);
    expect(data.seeker_profile).toMatchObject({ headline: "Welder", phone: "+1 555 0100 999", avatar_key: avatarKey });
    expect(data.employer_profile).toBeNull();
    expect(data.skills.map((k) => k.name)).toEqual(["TIG Welding", "Forklift Operation"]);
    expect(data.experience).toHaveLength(1);
    expect(data.resumes[0]).toMatchObject({ id: resumeId, storage_key: `resumes/${s.user.id}/${resumeId}` });
  });

  it("erases rows, lowers skill popularity and lets cleanup delete the files", async () => {
    const { s, avatarKey, resumeId } = await filledSeeker();
    const before = await popularity("skill_tig-welding");
    const result = await eraseProfileData(db(), env, s.user.id);
    expect(result).toEqual({ resumes: 1, files: 2 });
    expect(await popularity("skill_tig-welding")).toBe(before - 1);
    for (const table of [seekerProfiles, profileSkills, experience, resumes]) {
      expect(await db().select().from(table).where(eq(table.userId, s.user.id))).toEqual([]);
    }
    const resumeKey = `resumes/${s.user.id}/${resumeId}`;
    expect(await handleFileOrphaned(db(), env.FILES, resumeKey)).toBe("deleted");
    expect(await handleFileOrphaned(db(), env.FILES, avatarKey)).toBe("deleted");
    expect(await env.FILES.head(resumeKey)).toBeNull();
    // Running it again is harmless.
    expect(await eraseProfileData(db(), env, s.user.id)).toEqual({ resumes: 0, files: 0 });
    expect(await popularity("skill_tig-welding")).toBe(before - 1);
  });

  it("never deletes files of unknown prefixes", async () => {
    await env.FILES.put("exports/keep-me", "x");
    expect(await handleFileOrphaned(db(), env.FILES, "exports/keep-me")).toBe("kept");
    expect(await env.FILES.head("exports/keep-me")).not.toBeNull();
  });
});
