/** `PUT/DELETE /jobs/{id}/save` and `GET /saved-jobs` (seekers). */

import { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { mapPage, Page, pageQuery } from "../../http/pagination";
import { IdParam, JobSummarySchema, presentSummary } from "../jobs";
import { listSavedJobs, saveJob, unsaveJob } from "./service";

const tags = ["Saved jobs"];
export const savedJobsRouter = createRouter();

savedJobsRouter.openapi(
  defineRoute({
    method: "put",
    path: "/jobs/{id}/save",
    access: { roles: ["seeker"], scope: "saved-jobs:write" },
    operationId: "saveJob",
    tags,
    summary: "Bookmark a job (idempotent)",
    request: { params: IdParam },
    responses: { 204: { description: "Saved" }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    await saveJob(c.get("db"), auth, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

savedJobsRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/jobs/{id}/save",
    access: { roles: ["seeker"], scope: "saved-jobs:write" },
    operationId: "unsaveJob",
    tags,
    summary: "Remove a bookmark (idempotent)",
    request: { params: IdParam },
    responses: { 204: { description: "Not saved (any more)" }, ...errorResponses(401, 403) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    await unsaveJob(c.get("db"), auth, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

const SavedJob = z.object({ saved_at: z.string(), job: JobSummarySchema }).openapi("SavedJob");

savedJobsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/saved-jobs",
    access: { roles: ["seeker"], scope: "saved-jobs:read" },
    operationId: "listSavedJobs",
    tags,
    summary: "Your bookmarked jobs, most recently saved first",
    request: {
      query: z.object(pageQuery({ cursorMax: 500 })),
    },
    responses: {
      200: jsonResponse(Page(SavedJob).openapi("SavedJobList"), "Saved jobs"),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const { limit, cursor } = c.req.valid("query");
    const found = await listSavedJobs(c.get("db"), auth, limit, cursor);
    const present = (i: (typeof found.data)[number]) => ({
      saved_at: new Date(i.savedAt).toISOString(),
      job: presentSummary(c.env, i.rec),
    });
    return c.json(mapPage(found, present), 200, { "Cache-Control": "private, no-store" });
  },
);
