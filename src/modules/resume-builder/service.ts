/**
 * Resume feedback, resume↔job match and the resume builder. Everything here
 * reads through other modules' faces (resumes, jobs, profiles, skills) and
 * stores generated files as ordinary resumes (the resumes face's upload), so a
 * built resume is parsed, listed, downloaded and used to apply like any other.
 */
import { and, eq } from "drizzle-orm";
import { ApiError, conflict, notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { type ResumeRow, resumes } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { DOCUMENT_KINDS, inspect, MAX_DOCUMENT_BYTES } from "../../platform/storage/storage";
import { requireVisibleJob, skillDemand } from "../jobs";
import { exportJsonResume, type JsonResume } from "../profiles";
import { getOwnedResume, uploadResume } from "../resumes";
import { loadMatcher, matchSkills } from "../skills";
import { type Feedback, scoreResume } from "./feedback";
import { type MatchResult, matchResume } from "./match";
import { modelFromJsonResume } from "./model";
import { renderDocx } from "./render-docx";
import { type Paper, renderPdf } from "./render-pdf";
import { TEMPLATE, type TemplateName } from "./templates";

/** A resume whose text is known; a pending or failed parse has nothing to judge. */
function requireParsed(row: ResumeRow): ResumeRow & { extractedText: string } {
  if (row.parseStatus === "pending") {
    throw conflict("resume-not-parsed", "The resume is still being read; try again in a few seconds.");
  }
  if (row.parseStatus === "failed" || row.extractedText === null) {
    throw conflict("resume-parse-failed", `The resume could not be read: ${row.parseError ?? "no text"}.`);
  }
  return row as ResumeRow & { extractedText: string };
}

/**
 * Job skill names in the taxonomy's spelling too (`golang` → `Go`), so a resume
 * that says "Go" covers a job that asks for "golang".
 */
async function withCanonical<T extends { name: string }>(db: Db, skills: T[]): Promise<(T & { canonical?: string })[]> {
  if (!skills.length) return [];
  const matcher = await loadMatcher(db);
  return skills.map((s) => {
    const canonical = matchSkills(matcher, s.name, 1)[0];
    return canonical && canonical !== s.name ? { ...s, canonical } : s;
  });
}

export async function resumeFeedback(
  db: Db,
  env: Pick<Env, "SIGNING_SECRET">,
  userId: string,
  resumeId: string,
): Promise<Feedback & { resume_id: string }> {
  const row = requireParsed(await getOwnedResume(db, userId, resumeId));
  const demand = await skillDemand(db, env.SIGNING_SECRET, userId);
  const skills = await withCanonical(db, demand.skills);
  return { resume_id: row.id, ...scoreResume(row.extractedText, row.extractedSkills, { jobs: demand.jobs, skills }) };
}

/** The named resume, or the seeker's primary one. */
async function pickResume(db: Db, userId: string, resumeId: string | undefined): Promise<ResumeRow> {
  if (resumeId) return getOwnedResume(db, userId, resumeId);
  const primary = await db
    .select()
    .from(resumes)
    .where(and(eq(resumes.userId, userId), eq(resumes.isPrimary, true)))
    .get();
  if (!primary) throw notFound("Resume");
  return primary;
}

export async function jobMatch(
  db: Db,
  auth: AuthContext,
  jobId: string,
  resumeId: string | undefined,
): Promise<MatchResult & { job_id: string; resume_id: string }> {
  const { rec } = await requireVisibleJob(db, auth, jobId);
  const row = requireParsed(await pickResume(db, auth.userId, resumeId));
  const skills = await withCanonical(db, rec.job.skills);
  return { job_id: rec.job.id, resume_id: row.id, ...matchResume(row.extractedText, row.extractedSkills, skills) };
}

export interface BuildInput {
  format: "pdf" | "docx";
  template: TemplateName;
  paper: Paper;
  title?: string | undefined;
  json_resume?: JsonResume | undefined;
}

function slug(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "resume"
  );
}

/** A font the PDF embeds, from the static assets (public/fonts); missing means a broken deploy. */
async function fontAsset(env: Pick<Env, "ASSETS">, name: string): Promise<Uint8Array> {
  // The assets binding answers by path; the host is never contacted.
  const res = await env.ASSETS.fetch(new Request(`https://assets.local/fonts/${name}`));
  if (!res.ok) throw new Error(`font ${name} is not among the static assets (${res.status}): run npm install`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Renders the profile (or the given JSON Resume) and stores it as one of the seeker's resumes. */
export async function buildResume(
  db: Db,
  env: Pick<Env, "EVENTS" | "FILES" | "ASSETS">,
  userId: string,
  origin: string,
  input: BuildInput,
): Promise<ResumeRow> {
  const doc = input.json_resume ?? (await exportJsonResume(db, userId, origin));
  const model = modelFromJsonResume(doc);
  if (!model.sections.length) {
    throw new ApiError(
      422,
      "resume-empty",
      "There is nothing to put in the resume: add a summary, experience, education or skills to your profile, or send a JSON Resume.",
    );
  }
  const template = TEMPLATE[input.template];
  const bytes =
    input.format === "pdf"
      ? await renderPdf(model, template, input.paper, (name) => fontAsset(env, name))
      : renderDocx(model, template, input.paper);
  // The same checks as an upload: the bytes are what their type says, and within the size limit.
  const file = await inspect(bytes, DOCUMENT_KINDS, MAX_DOCUMENT_BYTES);
  const title = input.title ?? `${model.name} (${input.template}, ${input.format.toUpperCase()})`;
  return uploadResume(db, env, userId, file, `${slug(model.name)}-resume.${input.format}`, title.slice(0, 200));
}
