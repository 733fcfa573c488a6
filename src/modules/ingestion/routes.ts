/** `/api/v1/admin/ingestion/…`: job ingestion sources, their runs and health (admins only). */
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { presentRun, presentSource } from "./presenters";
import {
  CreateSourceBody,
  ListQuery,
  RunList,
  RunSchema,
  SourceIdParam,
  SourceList,
  SourceSchema,
  UpdateSourceBody,
} from "./schemas";
import * as ingestion from "./service";

const tags = ["Ingestion"];
const read = { roles: ["admin"], scope: "admin:read" } as const;
const write = { roles: ["admin"], scope: "admin:write" } as const;
const noStore = { "Cache-Control": "private, no-store" };

export const ingestionAdminRouter = createRouter();

ingestionAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/ingestion/sources",
    access: read,
    operationId: "listIngestionSources",
    tags,
    summary: "Job ingestion sources with their health, newest first (admins)",
    description: "Credentials are never returned; `has_credentials` says whether they are set. See docs/ingestion.md.",
    request: { query: ListQuery },
    responses: { 200: jsonResponse(SourceList, "A page of sources"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const result = await ingestion.listSources(c.get("db"), c.req.valid("query"));
    return c.json(mapPage(result, presentSource), 200, noStore);
  },
);

ingestionAdminRouter.openapi(
  defineRoute({
    method: "post",
    path: "/ingestion/sources",
    access: write,
    operationId: "createIngestionSource",
    tags,
    summary: "Add a job ingestion source (admins)",
    description:
      "`config` is validated against the kind's settings (`400` names each bad field); `credentials` (Adzuna, USAJobs) " +
      "are stored AES-GCM encrypted and never returned. Enabled sources run every 6 hours.",
    request: { body: jsonBody(CreateSourceBody) },
    responses: { 201: jsonResponse(SourceSchema, "The source"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const row = await ingestion.createSource(c.get("db"), c.env, c.req.valid("json"));
    return c.json(presentSource(row), 201, { Location: `/api/v1/admin/ingestion/sources/${row.id}` });
  },
);

ingestionAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/ingestion/sources/{id}",
    access: read,
    operationId: "getIngestionSource",
    tags,
    summary: "One ingestion source and its health (admins)",
    request: { params: SourceIdParam },
    responses: { 200: jsonResponse(SourceSchema, "The source"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const row = await ingestion.getSource(c.get("db"), c.req.valid("param").id);
    return c.json(presentSource(row), 200, noStore);
  },
);

ingestionAdminRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/ingestion/sources/{id}",
    access: write,
    operationId: "updateIngestionSource",
    tags,
    summary: "Edit an ingestion source (admins)",
    description:
      "A new `config` or `credentials` drops the stored `ETag`/`Last-Modified`: the next run fetches in full.",
    request: { params: SourceIdParam, body: jsonBody(UpdateSourceBody) },
    responses: { 200: jsonResponse(SourceSchema, "The source"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const row = await ingestion.updateSource(c.get("db"), c.env, c.req.valid("param").id, c.req.valid("json"));
    return c.json(presentSource(row), 200);
  },
);

ingestionAdminRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/ingestion/sources/{id}",
    access: write,
    operationId: "deleteIngestionSource",
    tags,
    summary: "Delete an ingestion source and its run history (admins)",
    description: "Jobs it imported stay published until they expire (30 days after they were last seen).",
    request: { params: SourceIdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    requireRole(c, "admin");
    await ingestion.deleteSource(c.get("db"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);

ingestionAdminRouter.openapi(
  defineRoute({
    method: "post",
    path: "/ingestion/sources/{id}/run",
    access: write,
    operationId: "runIngestionSource",
    tags,
    summary: "Run an ingestion source now (admins)",
    description:
      "Queues a run (`202`, status `queued`); follow it in `GET …/runs`. `409 run-in-progress` while a run is queued or " +
      "running, `409 source-disabled` for a disabled source.",
    request: { params: SourceIdParam },
    responses: { 202: jsonResponse(RunSchema, "The queued run"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const run = await ingestion.runNow(c.get("db"), c.env, c.req.valid("param").id);
    return c.json(presentRun(run), 202);
  },
);

ingestionAdminRouter.openapi(
  defineRoute({
    method: "get",
    path: "/ingestion/sources/{id}/runs",
    access: read,
    operationId: "listIngestionRuns",
    tags,
    summary: "Runs of an ingestion source, newest first (admins)",
    description: "Per run: postings fetched, new jobs, updated, duplicates (merged or repeated), expired, errors.",
    request: { params: SourceIdParam, query: ListQuery },
    responses: { 200: jsonResponse(RunList, "A page of runs"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    requireRole(c, "admin");
    const result = await ingestion.listRuns(c.get("db"), c.req.valid("param").id, c.req.valid("query"));
    return c.json(mapPage(result, presentRun), 200, noStore);
  },
);
