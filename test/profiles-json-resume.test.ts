import { describe, expect, it } from "vitest";
import { signedIn } from "./factories";
import { api, expectProblem } from "./helpers/http";

const doc = {
  $schema: "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
  basics: {
    name: "Someone Else",
    label: "Platform engineer",
    email: "ignored@example.com",
    phone: "+49 30 1234567",
    url: "https://ada.dev",
    summary: "I keep clusters healthy.",
    location: { city: "Berlin", countryCode: "DE" },
    profiles: [
      { network: "GitHub", username: "ada", url: "https://github.com/ada" },
      { network: "LinkedIn", url: "https://www.linkedin.com/in/ada" },
      { network: "Mastodon", url: "https://example.social/@ada" },
    ],
  },
  work: [
    { name: "Beta GmbH", position: "SRE", startDate: "2022-02", summary: "On call.", highlights: ["Cut costs 30%"] },
    { name: "Acme", position: "Developer", location: "Remote", startDate: "2018-01-15", endDate: "2022-01-31" },
  ],
  education: [
    {
      institution: "TU Berlin",
      studyType: "MSc",
      area: "Computer Science",
      startDate: "2015",
      endDate: "2017",
      score: "1.3",
    },
  ],
  certificates: [{ name: "CKA", date: "2023-04-01", issuer: "CNCF", url: "https://cncf.io/c/1" }],
  skills: [
    { name: "Kubernetes", level: "Master", keywords: ["Helm", "golang"] },
    { name: "Cooking", level: "Hobbyist" },
  ],
  projects: [
    { name: "kube-tools", description: "CLI helpers", url: "https://github.com/ada/kube-tools", keywords: ["Go"] },
  ],
  languages: [{ language: "German", fluency: "Native" }],
  volunteer: [],
};

describe("JSON Resume", () => {
  it("imports every mapped section and exports it back", async () => {
    const s = await signedIn({ firstName: "Ada", lastName: "Lovelace" });
    const r = await api.put("/api/v1/profile/json-resume", doc, { token: s.token });
    expect(r.status).toBe(200);

    const profile = (await api.get("/api/v1/profile", { token: s.token })).json;
    expect(profile).toMatchObject({
      headline: "Platform engineer",
      bio: "I keep clusters healthy.",
      website: "https://ada.dev",
      phone: "+49 30 1234567",
      location: "Berlin, DE",
      github_url: "https://github.com/ada",
      linkedin_url: "https://www.linkedin.com/in/ada",
      email: s.user.email,
    });
    const work = (await api.get("/api/v1/profile/experience", { token: s.token })).json.data;
    expect(work[0]).toMatchObject({ company_name: "Beta GmbH", is_current: true, end_date: null });
    expect(work[0].description).toBe("On call.\n• Cut costs 30%");
    expect(work[1]).toMatchObject({ company_name: "Acme", is_current: false, end_date: "2022-01-31" });
    const skills = (await api.get("/api/v1/profile/skills", { token: s.token })).json.data;
    expect(skills.map((k: { name: string; level: string | null }) => [k.name, k.level])).toEqual([
      ["Kubernetes", "expert"],
      ["Helm", null],
      ["Go", null],
      ["Cooking", null],
    ]);

    const out = (await api.get("/api/v1/profile/json-resume", { token: s.token })).json;
    expect(out.basics).toMatchObject({
      name: "Ada Lovelace",
      label: "Platform engineer",
      email: s.user.email,
      url: "https://ada.dev",
      // Unchanged since the import: the document's own location and profiles come back whole.
      location: { city: "Berlin", countryCode: "DE" },
    });
    expect(out.basics.profiles).toEqual(doc.basics.profiles);
    expect(out.work.map((w: { name: string }) => w.name)).toEqual(["Beta GmbH", "Acme"]);
    expect(out.education[0]).toEqual({
      institution: "TU Berlin",
      studyType: "MSc",
      area: "Computer Science",
      startDate: "2015",
      endDate: "2017",
      score: "1.3",
    });
    expect(out.certificates).toEqual([{ name: "CKA", issuer: "CNCF", date: "2023-04-01", url: "https://cncf.io/c/1" }]);
    expect(out.projects).toEqual([
      { name: "kube-tools", description: "CLI helpers", url: "https://github.com/ada/kube-tools", keywords: ["Go"] },
    ]);
    expect(out.meta.version).toBe("v1.0.0");
  });

  it("round-trips: importing an export changes nothing", async () => {
    const s = await signedIn();
    await api.put("/api/v1/profile/json-resume", doc, { token: s.token });
    const first = (await api.get("/api/v1/profile/json-resume", { token: s.token })).json;
    const again = await api.put("/api/v1/profile/json-resume", first, { token: s.token });
    expect(again.status).toBe(200);
    const { meta: _a, ...before } = first;
    const { meta: _b, ...after } = again.json;
    expect(after).toEqual(before);
  });

  it("replaces sections instead of appending", async () => {
    const s = await signedIn();
    await api.put("/api/v1/profile/json-resume", doc, { token: s.token });
    await api.put("/api/v1/profile/json-resume", { basics: { label: "Only this" } }, { token: s.token });
    expect((await api.get("/api/v1/profile/experience", { token: s.token })).json.data).toEqual([]);
    expect((await api.get("/api/v1/profile/skills", { token: s.token })).json.data).toEqual([]);
    expect((await api.get("/api/v1/profile", { token: s.token })).json.headline).toBe("Only this");
  });

  it("validates with JSON Resume paths and leaves the profile untouched on error", async () => {
    const s = await signedIn();
    await api.put("/api/v1/profile/json-resume", doc, { token: s.token });
    const bad = { ...doc, work: [{ name: "X", position: "Y", startDate: "2020-05", endDate: "2019" }] };
    const r = expectProblem(await api.put("/api/v1/profile/json-resume", bad, { token: s.token }), 400);
    expect(r.errors).toEqual([{ path: "work.0.endDate", message: "Must not be before work.0.startDate." }]);
    expect((await api.get("/api/v1/profile/experience", { token: s.token })).json.data).toHaveLength(2);
    const badDate = { work: [{ name: "X", position: "Y", startDate: "last year" }] };
    expect(
      expectProblem(await api.put("/api/v1/profile/json-resume", badDate, { token: s.token }), 400).errors[0].path,
    ).toBe("work.0.startDate");
    expectProblem(await api.put("/api/v1/profile/json-resume", { resume: {} }, { token: s.token }), 400);
    expectProblem(
      await api.put(
        "/api/v1/profile/json-resume",
        { education: [{ institution: "X", startDate: "2010" }] },
        { token: s.token },
      ),
      400,
    );
  });

  it("is for signed-in seekers", async () => {
    const e = await signedIn({ role: "employer" });
    expectProblem(await api.get("/api/v1/profile/json-resume", { token: e.token }), 403);
    expectProblem(await api.put("/api/v1/profile/json-resume", doc), 401);
  });
});
