/**
 * JSON Resume interoperability against the official package (`resume-schema`):
 * its schema.json validates our export, its sample.resume.json imports and
 * comes back whole.
 */
import { Validator } from "@cfworker/json-schema";
import sample from "resume-schema/sample.resume.json";
import schema from "resume-schema/schema.json";
import { describe, expect, it } from "vitest";
import { signedIn } from "./factories";
import { api } from "./helpers/http";

const validator = new Validator(schema as object, "4", false);
const errorsOf = (doc: unknown) => validator.validate(doc).errors;

/**
 * The sample as the round trip gives it back, with the documented normalisations
 * (docs/profiles.md): empty strings left out, a scheme added to scheme-less urls,
 * `meta.lastModified` is the profile's, name and email are the account's.
 */
function normalisedSample(lastModified: string) {
  const s = structuredClone(sample) as unknown as {
    basics: Record<string, unknown> & { profiles: Record<string, unknown>[] };
    projects: Record<string, unknown>[];
    meta: Record<string, unknown>;
  };
  delete s.basics.image;
  for (const p of s.basics.profiles) if (p.url === "") delete p.url;
  for (const p of s.projects) p.url = "https://missdirection.example.com";
  s.meta.lastModified = lastModified;
  return s;
}

/** Counts leaf values, to say how much of the sample survives. */
const leaves = (v: unknown): number =>
  Array.isArray(v)
    ? v.reduce((n: number, x) => n + leaves(x), 0)
    : v && typeof v === "object"
      ? Object.values(v).reduce((n: number, x) => n + leaves(x), 0)
      : 1;

describe("JSON Resume against the official schema and sample", () => {
  it("exports a rich profile that the official schema accepts", async () => {
    const s = await signedIn({ firstName: "Ada", lastName: "Lovelace" });
    const t = { token: s.token };
    await api.patch(
      "/api/v1/profile",
      {
        headline: "Engineer",
        bio: "Numbers.",
        location: "London",
        phone: "(912) 555-4321",
        website: "https://ada.dev",
        github_url: "https://github.com/ada",
        linkedin_url: "https://www.linkedin.com/in/ada",
      },
      t,
    );
    const posts: [string, object][] = [
      ["experience", { company_name: "Engines", title: "Analyst", start_date: "2019-03", end_date: "2021-06" }],
      ["experience", { company_name: "Now Ltd", title: "Lead", start_date: "2021", is_current: true }],
      ["education", { institution: "UCL", degree: "BSc", field_of_study: "Maths", start_date: "2015" }],
      // A month-precision date, which the official schema does not accept for certificates.
      ["certifications", { name: "CKA", issuer: "CNCF", issued_on: "2022-05", credential_url: "https://cncf.io/c" }],
      ["portfolio", { title: "Emulator", url: "https://github.com/ada/emu", technologies: ["Rust"] }],
    ];
    for (const [path, body] of posts) expect((await api.post(`/api/v1/profile/${path}`, body, t)).status).toBe(201);
    await api.put("/api/v1/profile/skills", [{ name: "Rust", level: "expert" }, { name: "Go" }], t);

    const out = (await api.get("/api/v1/profile/json-resume", t)).json;
    expect(errorsOf(out)).toEqual([]);
    expect(out.certificates[0].date).toBe("2022-05-01");
    expect(out.basics.phone).toBe("(912) 555-4321");
    expect(out.work).toHaveLength(2);
  });

  it("imports the official sample and gives every field back", async () => {
    const s = await signedIn({ firstName: "Richard", lastName: "Hendriks", email: "richard.hendriks@mail.com" });
    const r = await api.put("/api/v1/profile/json-resume", sample, { token: s.token });
    expect(r.status).toBe(200);

    const profile = (await api.get("/api/v1/profile", { token: s.token })).json;
    expect(profile).toMatchObject({
      phone: "(912) 555-4321",
      location: "San Francisco, California, US",
      website: "http://richardhendricks.example.com",
    });
    const portfolio = (await api.get("/api/v1/profile/portfolio", { token: s.token })).json.data;
    expect(portfolio[0].url).toBe("https://missdirection.example.com");

    const out = (await api.get("/api/v1/profile/json-resume", { token: s.token })).json;
    const expected = normalisedSample(out.meta.lastModified);
    expect(out).toEqual(expected);
    // Everything but the two empty strings survives.
    expect(leaves(out)).toBe(leaves(sample) - 2);
    expect(errorsOf(out)).toEqual([]);
  });

  it("keeps the extra fields of an item that stays, drops those of one that goes, and lets edits win", async () => {
    const s = await signedIn();
    const t = { token: s.token };
    const doc = {
      basics: {
        location: { address: "1 Main St", city: "Springfield", region: "IL", countryCode: "US" },
        profiles: [
          { network: "Mastodon", url: "https://example.social/@x" },
          { network: "GitHub", url: "https://github.com/x" },
        ],
      },
      work: [
        { name: "A", position: "P", url: "https://a.example", startDate: "2020", highlights: ["h1"], summary: "S" },
        { name: "B", position: "Q", url: "https://b.example", startDate: "2018", endDate: "2019" },
      ],
      skills: [{ name: "Web", level: "Master", keywords: ["HTML", "CSS"] }],
    };
    expect((await api.put("/api/v1/profile/json-resume", doc, t)).status).toBe(200);
    const work = (await api.get("/api/v1/profile/experience", t)).json.data;
    const b = work.find((w: { company_name: string }) => w.company_name === "B");
    const a = work.find((w: { company_name: string }) => w.company_name === "A");
    await api.delete(`/api/v1/profile/experience/${b.id}`, t);
    await api.patch(`/api/v1/profile/experience/${a.id}`, { description: "Rewritten" }, t);
    await api.patch("/api/v1/profile", { location: "Chicago", github_url: "https://github.com/y" }, t);
    await api.put("/api/v1/profile/skills", [{ name: "Web", level: "expert" }], t);

    const out = (await api.get("/api/v1/profile/json-resume", t)).json;
    // A's url stays; its highlights were folded into the description that the edit replaced.
    expect(out.work).toEqual([
      { name: "A", position: "P", url: "https://a.example", startDate: "2020", summary: "Rewritten" },
    ]);
    expect(out.basics.location).toEqual({ city: "Chicago" });
    expect(out.basics.profiles).toEqual([
      { network: "GitHub", url: "https://github.com/y", username: "y" },
      { network: "Mastodon", url: "https://example.social/@x" },
    ]);
    expect(out.skills).toEqual([{ name: "Web", level: "expert", keywords: [] }]);
  });

  it("accepts scheme-less urls and refuses what is not a url", async () => {
    const s = await signedIn();
    const t = { token: s.token };
    const ok = await api.put(
      "/api/v1/profile/json-resume",
      { basics: { url: "ada.example.com", phone: "+1 (912) 555-4321" }, projects: [{ name: "X", url: "x.example/p" }] },
      t,
    );
    expect(ok.status).toBe(200);
    expect(ok.json.basics.url).toBe("https://ada.example.com");
    expect(ok.json.projects[0].url).toBe("https://x.example/p");
    const bad = await api.put("/api/v1/profile/json-resume", { projects: [{ name: "X", url: "not a url" }] }, t);
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ path: "projects.0.url", message: "Must be an http(s) URL." }]);
  });
});
