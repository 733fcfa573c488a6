import { z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import type { BodyLimit } from "../../http/middleware/body-limit";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { ApiError } from "../../http/problem";
import { toIso } from "../../lib/time";
import { MIME } from "../../platform/storage/sniff";
import {
  attachmentDisposition,
  DOCUMENT_KINDS,
  MAX_DOCUMENT_BYTES,
  readFormFile,
} from "../../platform/storage/storage";
import { uploadRateLimit } from "../files";
import { presentResume } from "./presenters";
import {
  DownloadQuery,
  ListQuery,
  ResumeIdParam,
  ResumeList,
  ResumePatch,
  ResumeSchema,
  ResumeUpload,
  ShareLink,
  ShareLinkBody,
} from "./schemas";
import * as resumes from "./service";
import { signShareLink, verifyShareLink } from "./share";

const tags = ["Resumes"];
export const resumesRouter = createRouter();

/** Multipart overhead allowed on top of the file itself (boundaries, headers, the title field). */
const MULTIPART_SLACK = 64 * 1024;
const tooLarge = (max: number) =>
  new ApiError(413, "file-too-large", `The request body exceeds ${Math.round(max / 1024)} KB.`);
/** The upload's cap: the 5 MB file plus its form, counted while streaming. */
const uploadLimit: BodyLimit = { maxBytes: MAX_DOCUMENT_BYTES + MULTIPART_SLACK, tooLarge };
/** The JSON write routes here take a few fields only. */
const jsonLimit: BodyLimit = { maxBytes: 16 * 1024, tooLarge };

resumesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/resumes",
    access: { roles: ["seeker"], scope: "resumes:read" },
    operationId: "listResumes",
    tags,
    summary: "Your resumes, newest first",
    request: { query: ListQuery },
    responses: { 200: jsonResponse(ResumeList, "A page of resumes"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const { limit, cursor } = c.req.valid("query");
    const page = await resumes.listResumes(c.get("db"), caller.userId, limit, cursor);
    return c.json(mapPage(page, presentResume), 200);
  },
);

resumesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/resumes",
    access: { roles: ["seeker"], scope: "resumes:write" },
    operationId: "uploadResume",
    tags,
    summary: "Upload a resume (PDF, DOCX or TXT, at most 5 MB)",
    description:
      "The type is checked by content, not by file name or Content-Type. The first resume becomes primary. " +
      "Text and skills are extracted in the background: `parse_status` moves from `pending` to `done` or `failed`.",
    // `access` runs first, so anonymous or non-seeker clients cannot make us read 5 MB.
    middleware: [uploadRateLimit] as const,
    bodyLimit: uploadLimit,
    request: { body: { required: true, content: { "multipart/form-data": { schema: ResumeUpload } } } },
    responses: {
      201: jsonResponse(ResumeSchema, "Stored; parsing is queued"),
      ...errorResponses(400, 401, 403, 409, 413, 415),
    },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const form = c.req.valid("form");
    const file = await readFormFile(form.file, DOCUMENT_KINDS, MAX_DOCUMENT_BYTES);
    const row = await resumes.uploadResume(c.get("db"), c.env, caller.userId, file, form.file.name, form.title);
    return c.json(presentResume(row), 201, { Location: `/api/v1/resumes/${row.id}` });
  },
);

resumesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/resumes/{id}",
    access: { roles: ["seeker"], scope: "resumes:read" },
    etag: true,
    operationId: "getResume",
    tags,
    summary: "One of your resumes",
    request: { params: ResumeIdParam },
    responses: {
      200: jsonResponse(ResumeSchema, "The resume"),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const row = await resumes.getOwnedResume(c.get("db"), caller.userId, c.req.valid("param").id);
    return c.json(presentResume(row), 200);
  },
);

resumesRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/resumes/{id}",
    access: { roles: ["seeker"], scope: "resumes:write" },
    etag: true,
    operationId: "updateResume",
    tags,
    summary: "Rename a resume or make it the primary one",
    bodyLimit: jsonLimit,
    request: { params: ResumeIdParam, headers: IfMatchHeaders, body: jsonBody(ResumePatch) },
    responses: { 200: jsonResponse(ResumeSchema, "The updated resume"), ...errorResponses(400, 401, 403, 404, 412) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const row = await resumes.patchResume(c.get("db"), caller.userId, c.req.valid("param").id, c.req.valid("json"), {
      ifMatch: ifMatchVersions(c),
    });
    return c.json(presentResume(row), 200);
  },
);

resumesRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/resumes/{id}",
    access: { roles: ["seeker"], scope: "resumes:write" },
    operationId: "deleteResume",
    tags,
    summary: "Delete a resume (its file is removed in the background)",
    description: "When the primary resume is deleted, the newest remaining one becomes primary.",
    request: { params: ResumeIdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    await resumes.deleteResume(c.get("db"), c.env, caller.userId, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

resumesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/resumes/{id}/share-link",
    access: { roles: ["seeker"], scope: "resumes:write" },
    operationId: "createResumeShareLink",
    tags,
    summary: "A signed, expiring download link that works without signing in",
    bodyLimit: jsonLimit,
    request: {
      params: ResumeIdParam,
      body: { required: false, content: { "application/json": { schema: ShareLinkBody } } },
    },
    responses: { 201: jsonResponse(ShareLink, "The link"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const { id } = c.req.valid("param");
    // The body is optional; without one the defaults apply.
    const body = ShareLinkBody.parse(c.req.valid("json") ?? {});
    await resumes.getOwnedResume(c.get("db"), caller.userId, id);
    const link = await signShareLink(c.env.SIGNING_SECRET, new URL(c.req.url).origin, id, body.expires_in);
    return c.json({ url: link.url, page_url: link.pageUrl, expires_at: toIso(link.expiresAt) }, 201, {
      "Cache-Control": "no-store",
    });
  },
);

/**
 * A download is sent with the type detected at upload (`MIME`): one media type per kind a resume can be.
 * The key drops the parameters (`; charset=utf-8`); a string key keeps the map typed (an `undefined`
 * from `split()[0]` would make `Object.fromEntries` untyped and the route's responses unusable).
 */
const RESUME_FILE_CONTENT = Object.fromEntries(
  DOCUMENT_KINDS.map((kind) => [MIME[kind].replace(/;.*$/, ""), { schema: z.string().openapi({ format: "binary" }) }]),
);

resumesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/resumes/{id}/download",
    access: { optional: true, scope: "resumes:read" },
    operationId: "downloadResume",
    tags,
    summary: "Download the resume file",
    description:
      "Allowed for the owner, for members of a company that received an application with this resume, and for " +
      "anyone holding a valid share link (`token`). A tampered link is `403`, an expired one `410`.",
    request: { params: ResumeIdParam, query: DownloadQuery },
    responses: {
      200: {
        description: "The file, as an attachment",
        content: RESUME_FILE_CONTENT,
      },
      ...errorResponses(400, 401, 403, 404, 410),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { token } = c.req.valid("query");
    const db = c.get("db");
    let row: Awaited<ReturnType<typeof resumes.getResumeById>>;
    if (token !== undefined) {
      const check = await verifyShareLink(c.env.SIGNING_SECRET, id, token);
      if (check === "invalid") throw new ApiError(403, "invalid-signature", "The link is invalid.");
      if (check === "expired") throw new ApiError(410, "link-expired", "The link has expired.");
      row = await resumes.getResumeById(db, id);
    } else {
      row = await resumes.getDownloadableResume(db, requireAuth(c).userId, id);
    }
    const object = await resumes.openResumeFile(c.env.FILES, row);
    return new Response(object.body, {
      status: 200,
      headers: {
        "Content-Type": row.contentType,
        "Content-Length": String(object.size),
        "Content-Disposition": attachmentDisposition(row.filename),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        // Even if a browser rendered it, nothing in it could run.
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  },
);
