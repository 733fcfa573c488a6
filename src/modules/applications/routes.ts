import { z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { ApiError, zodIssuesToErrors } from "../../http/problem";
import { attachmentDisposition } from "../../platform/storage/storage";
import { loadApplication } from "./access";
import { type ApplyInput, applyToJob } from "./apply";
import { endContract } from "./contract";
import { exportJobApplicationsCsv } from "./export";
import { applyBodyLimit, requireVerifiedSeeker, verifiedSeekerFirst } from "./guards";
import { actorOf, bulkChangeStatus, changeStatus, patchApplication } from "./pipeline";
import {
  Answers,
  ApplicationList,
  ApplicationSchema,
  ApplyBody,
  ApplyForm,
  BulkBody,
  BulkResultSchema,
  ContractEndBody,
  ExportQuery,
  ExternalApplySchema,
  HistoryList,
  IdParam,
  JobListQuery,
  ListQuery,
  NoteBody,
  NoteList,
  NoteSchema,
  PatchBody,
} from "./schemas";
import { applicationDetail, createNote, historyOf, listForCaller, listForJob, notesOf, presentDetail } from "./service";

const tags = ["Applications"];

export const applicationsRouter = createRouter();

/** Parses a multipart apply body (answers arrive as JSON text). */
function fromForm(form: z.infer<typeof ApplyForm>): ApplyInput {
  let answers: unknown = [];
  if (form.answers?.trim()) {
    try {
      answers = JSON.parse(form.answers);
    } catch {
      throw new ApiError(400, "validation-error", "The request is invalid.", {
        errors: [{ path: "answers", message: "Expected a JSON array of answers." }],
      });
    }
  }
  const parsed = Answers.safeParse(answers);
  if (!parsed.success) {
    throw new ApiError(400, "validation-error", "The request is invalid.", {
      errors: zodIssuesToErrors(parsed.error.issues.map((i) => ({ ...i, path: ["answers", ...i.path] }))),
    });
  }
  return { resumeFile: form.resume, resumeId: form.resume_id, coverLetter: form.cover_letter, answers: parsed.data };
}

applicationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/jobs/{id}/applications",
    access: { roles: ["seeker"], scope: "applications:write" },
    operationId: "applyToJob",
    tags,
    summary: "Apply to a job",
    description:
      "JSON with an existing `resume_id`, or `multipart/form-data` with a `resume` file. Seekers with a verified email only. " +
      "Jobs with an external `apply_url` record the click and answer `200` with that URL instead. " +
      "Bodies are capped at 5 MB + 64 KB (multipart) or 256 KB (JSON): `413`.",
    middleware: [verifiedSeekerFirst] as const,
    bodyLimit: applyBodyLimit,
    request: {
      params: IdParam,
      body: {
        required: false,
        content: { "application/json": { schema: ApplyBody }, "multipart/form-data": { schema: ApplyForm } },
      },
    },
    responses: {
      201: jsonResponse(ApplicationSchema, "The application"),
      200: jsonResponse(ExternalApplySchema, "The job takes applications on the employer's site"),
      ...errorResponses(400, 401, 403, 404, 409, 413, 415),
    },
  }),
  async (c) => {
    const auth = requireVerifiedSeeker(c);
    const isForm = (c.req.header("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
    const input: ApplyInput = isForm
      ? fromForm(c.req.valid("form") as z.infer<typeof ApplyForm>)
      : (() => {
          const body = c.req.valid("json") as Partial<z.infer<typeof ApplyBody>>;
          return { resumeId: body.resume_id, coverLetter: body.cover_letter, answers: body.answers ?? [] };
        })();
    const db = c.get("db");
    const result = await applyToJob(db, c.env, auth.userId, c.req.valid("param").id, input);
    if (result.kind === "external") return c.json({ external: true as const, apply_url: result.applyUrl }, 200);
    return c.json(await presentDetail(db, result.application.id, "applicant"), 201);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications",
    access: { scope: "applications:read" },
    operationId: "listApplications",
    tags,
    summary: "Applications visible to the caller",
    description: "Seekers: their own. Employers: applications to their companies' jobs. Admins: all.",
    request: { query: ListQuery },
    responses: { 200: jsonResponse(ApplicationList, "A page of applications"), ...errorResponses(400, 401, 410) },
  }),
  async (c) => {
    const auth = requireAuth(c);
    const q = c.req.valid("query");
    const page = await listForCaller(c.get("db"), auth, { ...q, jobId: q.job_id });
    return c.json(page, 200);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/jobs/{id}/applications",
    access: { roles: ["employer", "admin"], scope: "applications:read" },
    operationId: "listJobApplications",
    tags,
    summary: "Applications to one job (company members)",
    request: { params: IdParam, query: JobListQuery },
    responses: {
      200: jsonResponse(ApplicationList, "A page of applications"),
      ...errorResponses(400, 401, 403, 404, 410),
    },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const page = await listForJob(c.get("db"), auth, c.req.valid("param").id, c.req.valid("query"));
    return c.json(page, 200);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications/export",
    access: { roles: ["employer", "admin"], scope: "applications:read" },
    operationId: "exportApplications",
    tags,
    summary: "A job's applications as CSV (company members)",
    description: "Cells that a spreadsheet would run as formulas are prefixed with `'`.",
    request: { query: ExportQuery },
    responses: {
      200: { description: "CSV file", content: { "text/csv": { schema: z.string() } } },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const { filename, csv } = await exportJobApplicationsCsv(c.get("db"), auth, c.req.valid("query").job_id);
    return c.body(csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentDisposition(filename),
      "Cache-Control": "no-store",
    });
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/bulk",
    access: { roles: ["employer", "admin"], scope: "applications:write" },
    operationId: "bulkUpdateApplicationStatus",
    tags,
    summary: "Change the status of many applications",
    description: "Each id is authorised and transitioned on its own; the answer lists the outcome per id.",
    request: { body: jsonBody(BulkBody) },
    responses: { 200: jsonResponse(BulkResultSchema, "Per-id results"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const body = c.req.valid("json");
    const data = await bulkChangeStatus(c.get("db"), c.env, auth, body.ids, {
      to: body.status,
      rejectionReason: body.rejection_reason,
      rejectionNote: body.rejection_note,
    });
    return c.json({ data }, 200);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications/{id}",
    access: { scope: "applications:read" },
    etag: true,
    operationId: "getApplication",
    tags,
    summary: "One application",
    description: "The applicant sees their status history; company members also see notes, rating and contact.",
    request: { params: IdParam },
    responses: {
      200: jsonResponse(ApplicationSchema, "The application"),
      ...errorResponses(401, 404),
    },
  }),
  async (c) => {
    const auth = requireAuth(c);
    return c.json(await applicationDetail(c.get("db"), auth, c.req.valid("param").id), 200);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/applications/{id}",
    access: { scope: "applications:write" },
    etag: true,
    operationId: "updateApplication",
    tags,
    summary: "Move an application, rate it or reject it (company members)",
    request: { params: IdParam, headers: IfMatchHeaders, body: jsonBody(PatchBody) },
    responses: {
      200: jsonResponse(ApplicationSchema, "The application"),
      ...errorResponses(400, 401, 403, 404, 409, 412),
    },
  }),
  async (c) => {
    const auth = requireAuth(c);
    const db = c.get("db");
    const { app, viewer } = await loadApplication(db, auth, c.req.valid("param").id, ["company", "admin"]);
    const body = c.req.valid("json");
    await patchApplication(db, c.env, app, actorOf(auth), {
      status: body.status,
      rating: body.rating,
      rejectionReason: body.rejection_reason,
      rejectionNote: body.rejection_note,
      ifMatch: ifMatchVersions(c),
    });
    return c.json(await presentDetail(db, app.id, viewer), 200);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/withdraw",
    access: { scope: "applications:write" },
    operationId: "withdrawApplication",
    tags,
    summary: "Withdraw your application",
    request: { params: IdParam },
    responses: { 200: jsonResponse(ApplicationSchema, "The application"), ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const auth = requireAuth(c);
    const db = c.get("db");
    const { app } = await loadApplication(db, auth, c.req.valid("param").id, ["applicant"]);
    await changeStatus(db, c.env, app, { to: "withdrawn", actor: actorOf(auth, true) });
    return c.json(await presentDetail(db, app.id, "applicant"), 200);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/contract-end",
    access: { roles: ["employer", "admin"], scope: "applications:write" },
    operationId: "endApplicationContract",
    tags,
    summary: "Record that a contract hire ended (company members)",
    description:
      "For an `accepted` application on a `contract`, `freelance` or `temporary` job, once: the company may rate the candidate from then on. `409 not-hired`, `409 not-a-contract`, `409 contract-already-ended`.",
    request: { params: IdParam, body: jsonBody(ContractEndBody) },
    responses: { 200: jsonResponse(ApplicationSchema, "The application"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const auth = requireAuth(c);
    const db = c.get("db");
    const { app, viewer } = await loadApplication(db, auth, c.req.valid("param").id, ["company", "admin"]);
    const { ended_at } = c.req.valid("json");
    await endContract(db, app, ended_at === undefined ? undefined : Date.parse(ended_at));
    return c.json(await presentDetail(db, app.id, viewer), 200);
  },
);

applicationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications/{id}/history",
    access: { scope: "applications:read" },
    operationId: "getApplicationHistory",
    tags,
    summary: "Status history of an application",
    request: { params: IdParam },
    responses: { 200: jsonResponse(HistoryList, "Oldest first"), ...errorResponses(401, 404) },
  }),
  async (c) => c.json(await historyOf(c.get("db"), requireAuth(c), c.req.valid("param").id), 200),
);

applicationsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications/{id}/notes",
    access: { scope: "applications:read" },
    operationId: "listApplicationNotes",
    tags,
    summary: "Internal notes (company members)",
    request: { params: IdParam },
    responses: { 200: jsonResponse(NoteList, "Oldest first"), ...errorResponses(401, 403, 404) },
  }),
  async (c) => c.json(await notesOf(c.get("db"), requireAuth(c), c.req.valid("param").id), 200),
);

applicationsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/notes",
    access: { scope: "applications:write" },
    operationId: "addApplicationNote",
    tags,
    summary: "Add an internal note (company members)",
    request: { params: IdParam, body: jsonBody(NoteBody) },
    responses: { 201: jsonResponse(NoteSchema, "The note"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const note = await createNote(c.get("db"), requireAuth(c), c.req.valid("param").id, c.req.valid("json").body);
    return c.json(note, 201);
  },
);
