import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { uploadRateLimit } from "../files";
import { IdParam } from "../jobs";
import { presentResume, ResumeSchema } from "../resumes";
import { JobMatchQuery, JobMatchSchema, ResumeBuildBody, ResumeFeedbackSchema, ResumeIdParam } from "./schemas";
import { buildResume, jobMatch, resumeFeedback } from "./service";

const tags = ["Resumes"];
export const resumeBuilderRouter = createRouter();

resumeBuilderRouter.openapi(
  defineRoute({
    method: "get",
    path: "/resumes/{id}/feedback",
    access: { roles: ["seeker"], scope: "resumes:read" },
    operationId: "getResumeFeedback",
    tags,
    summary: "A score for one of your resumes, with the reasons and what to improve",
    description:
      "Checks the parsed text for contact details, the usual sections, length, quantified achievements and skills, " +
      "comparing the skills with those asked by the jobs you applied to, saved or recently viewed. " +
      "`409` while the resume is still being parsed or when it could not be read.",
    request: { params: ResumeIdParam },
    responses: {
      200: jsonResponse(ResumeFeedbackSchema, "The feedback"),
      ...errorResponses(401, 403, 404, 409),
    },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const feedback = await resumeFeedback(c.get("db"), c.env, caller.userId, c.req.valid("param").id);
    return c.json(feedback, 200, { "Cache-Control": "private, no-store" });
  },
);

resumeBuilderRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/{id}/match",
    access: { roles: ["seeker"], scope: "resumes:read" },
    operationId: "getJobMatch",
    tags,
    summary: "How well one of your resumes matches a job, with the missing skills",
    description:
      "Shown before applying. Without `resume_id`, your primary resume is used (`404` when you have none). " +
      "A skill counts when the resume names it (also under its taxonomy spelling: `golang` is `Go`).",
    request: { params: IdParam, query: JobMatchQuery },
    responses: {
      200: jsonResponse(JobMatchSchema, "The match"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const result = await jobMatch(c.get("db"), caller, c.req.valid("param").id, c.req.valid("query").resume_id);
    return c.json(result, 200, { "Cache-Control": "private, no-store" });
  },
);

resumeBuilderRouter.openapi(
  defineRoute({
    method: "post",
    path: "/resumes/build",
    access: { roles: ["seeker"], scope: "resumes:write" },
    operationId: "buildResume",
    tags,
    summary: "Build a resume from your profile (or a JSON Resume) as PDF or DOCX",
    description:
      "Renders one of the templates (`classic`, `modern`, `compact`) and stores the file as one of your resumes: " +
      "it is parsed, downloadable (`GET /resumes/{id}/download`) and usable to apply like an upload, and counts " +
      "towards the 10-resume limit. PDFs have real, selectable text in the standard PDF fonts (Times or Helvetica); " +
      "DOCX keeps full Unicode.",
    middleware: [uploadRateLimit] as const,
    request: { body: jsonBody(ResumeBuildBody) },
    responses: {
      201: jsonResponse(ResumeSchema, "Built and stored; parsing is queued"),
      ...errorResponses(400, 401, 403, 409, 413, 422),
    },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const origin = new URL(c.req.url).origin;
    const row = await buildResume(c.get("db"), c.env, caller.userId, origin, c.req.valid("json"));
    return c.json(presentResume(row), 201, { Location: `/api/v1/resumes/${row.id}` });
  },
);
