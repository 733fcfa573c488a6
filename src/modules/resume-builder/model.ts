/**
 * What a built resume shows, drawn from a JSON Resume document (the profile's
 * own export or one the seeker supplies): a header and a list of sections,
 * each a list of entries. The PDF and DOCX renderers only lay this out, so both
 * formats say the same thing in the same order.
 */
import type { JsonResume } from "../profiles";

export interface Entry {
  /** Bold first line: position, degree, certificate or project name. */
  title: string;
  /** Second line: company, school, issuer — with the location. */
  subtitle?: string;
  /** Right-aligned on the title line: `2021-04 – present`. */
  dates?: string;
  text?: string;
  bullets: string[];
}

export interface Section {
  heading: string;
  entries: Entry[];
  /** A section that is one paragraph (summary) or one list of words (skills). */
  paragraph?: string;
}

export interface ResumeModel {
  name: string;
  label?: string;
  /** Email · phone · location · links, in that order. */
  contact: string[];
  sections: Section[];
}

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => typeof x === "object" && !!x) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => !!s) : []);

function range(start: unknown, end: unknown): string | undefined {
  const s = str(start);
  const e = str(end);
  if (!s && !e) return undefined;
  return `${s ?? "?"} – ${e ?? "present"}`;
}

const joined = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(", ") || undefined;

/** The model of a JSON Resume document; empty sections are left out. */
export function modelFromJsonResume(doc: JsonResume): ResumeModel {
  const basics = (doc.basics ?? {}) as Obj;
  const location = (basics.location ?? {}) as Obj;
  const contact = [
    str(basics.email),
    str(basics.phone),
    joined(str(location.city), str(location.region), str(location.countryCode)),
    str(basics.url),
    ...arr(basics.profiles).map((p) => str(p.url) ?? joined(str(p.network), str(p.username))),
  ].filter((s): s is string => !!s);

  const sections: Section[] = [];
  const summary = str(basics.summary);
  if (summary) sections.push({ heading: "Summary", entries: [], paragraph: summary });

  const work = arr(doc.work).map((w) => ({
    title: str(w.position) ?? "",
    subtitle: joined(str(w.name), str(w.location)),
    dates: range(w.startDate, w.endDate),
    text: str(w.summary),
    bullets: strs(w.highlights),
  }));
  if (work.length) sections.push({ heading: "Experience", entries: work });

  const education = arr(doc.education).map((e) => ({
    title: joined(str(e.studyType), str(e.area)) ?? str(e.institution) ?? "",
    subtitle: joined(str(e.institution)),
    dates: range(e.startDate, e.endDate),
    text: str(e.score) ? `Grade: ${str(e.score)}` : undefined,
    bullets: strs(e.courses),
  }));
  if (education.length) sections.push({ heading: "Education", entries: education });

  const skills = arr(doc.skills);
  if (skills.length) {
    const names = skills.flatMap((k) => [str(k.name), ...strs(k.keywords)]).filter((s): s is string => !!s);
    sections.push({ heading: "Skills", entries: [], paragraph: [...new Set(names)].join(", ") });
  }

  const projects = arr(doc.projects).map((p) => ({
    title: str(p.name) ?? "",
    subtitle: str(p.url),
    dates: range(p.startDate, p.endDate),
    text: str(p.description),
    bullets: strs(p.highlights),
  }));
  if (projects.length) sections.push({ heading: "Projects", entries: projects });

  const certificates = arr(doc.certificates).map((c) => ({
    title: str(c.name) ?? "",
    subtitle: str(c.issuer),
    dates: str(c.date),
    bullets: [],
  }));
  if (certificates.length) sections.push({ heading: "Certifications", entries: certificates });

  const languages = arr(doc.languages)
    .map((l) => joined(str(l.language), str(l.fluency)))
    .filter((s): s is string => !!s);
  if (languages.length) sections.push({ heading: "Languages", entries: [], paragraph: languages.join("; ") });

  return { name: str(basics.name) ?? "Resume", label: str(basics.label), contact, sections };
}
