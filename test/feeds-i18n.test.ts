/**
 * RSS and Atom feeds in the reader's language: `?lang=` (feed readers rarely
 * send headers), else `Accept-Language`; titles and the labelled summary line
 * (location, job type, salary with `Intl` money) translated; still valid XML.
 */
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { makeCompany, makeJob, unique } from "./factories";
import { call } from "./helpers/http";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" });
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Intl puts no-break spaces in `85.000 €` and `85 000 €`; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

async function feedJob() {
  const word = `Lingo${unique()}`;
  const company = await makeCompany({ name: `Acme ${unique()}` });
  await makeJob({
    companyId: company.id,
    title: `${word} Engineer`,
    city: "Berlin",
    country: "DE",
    salaryMin: 60000,
    salaryMax: 80000,
    salaryCurrency: "EUR",
    salaryPeriod: "year",
    jobType: "full_time",
  });
  return { word, company };
}

describe("feeds per language", () => {
  it("RSS in German for Accept-Language: de, parsed back", async () => {
    const { word, company } = await feedJob();
    const res = await call("GET", `/jobs.rss?q=${word}`, { headers: { "Accept-Language": "de-DE,de;q=0.9" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Language")).toBe("de");
    expect(res.headers.get("Vary")).toContain("Accept-Language");
    const channel = parser.parse(await res.text()).rss.channel;
    expect(channel.title).toBe(`Jobs zu „${word}“`);
    expect(channel.description).toContain("auf Job Board");
    expect(channel.language).toBe("de-DE");
    const [item] = asList(channel.item);
    expect(item.title).toBe(`${word} Engineer bei ${company.name}`);
    expect(plain(item.description)).toBe(
      `${company.name} · Ort: Berlin, DE · Anstellungsart: Vollzeit · Gehalt: 60.000 €–80.000 € pro Jahr`,
    );
  });

  it("?lang= wins over the header: Atom in French and Spanish, with xml:lang and a self link that keeps it", async () => {
    const { word, company } = await feedJob();
    const fr = await call("GET", `/jobs.atom?q=${word}&lang=fr-FR`, { headers: { "Accept-Language": "de" } });
    expect(fr.headers.get("Content-Language")).toBe("fr");
    const feed = parser.parse(await fr.text()).feed;
    expect(feed["@_xml:lang"]).toBe("fr-FR");
    const self = asList(feed.link).find((l: { "@_rel": string }) => l["@_rel"] === "self");
    expect(self["@_href"]).toContain("lang=fr-FR");
    const [entry] = asList(feed.entry);
    expect(entry.title).toBe(`${word} Engineer chez ${company.name}`);
    expect(plain(entry.summary)).toContain("Lieu : Berlin, DE");
    expect(plain(entry.summary)).toContain("Salaire : 60 000 €–80 000 € par an");

    const es = await call("GET", `/jobs.rss?q=${word}&lang=es`);
    const item = asList(parser.parse(await es.text()).rss.channel.item)[0];
    expect(plain(item.description)).toContain("Salario: 60.000 €–80.000 € al año");
    expect(plain(item.description)).toContain("Ubicación: Berlin, DE");
  });

  it("English by default; an unsupported or malformed lang is 400", async () => {
    const { word } = await feedJob();
    const en = await call("GET", `/jobs.rss?q=${word}`);
    expect(en.headers.get("Content-Language")).toBe("en");
    const item = asList(parser.parse(await en.text()).rss.channel.item)[0];
    expect(item.description).toContain("Location: Berlin, DE");
    expect(item.description).toContain("Salary: €60,000–€80,000 a year");
    expect((await call("GET", `/jobs.rss?q=${word}&lang=pt-BR`)).status).toBe(400);
    expect((await call("GET", `/jobs.atom?lang=de_DE`)).status).toBe(400);
  });
});
