/** `/api/v1/alerts…`: job alerts (saved searches) of seekers. Their unsubscribe links are src/modules/unsubscribe. */
import { requireRole } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { presentAlert } from "./presenters";
import {
  AlertIdParam,
  AlertList,
  AlertSchema,
  CreateAlertBody,
  PreviewQuery,
  PreviewResponse,
  UpdateAlertBody,
} from "./schemas";
import * as alerts from "./service";

const tags = ["Alerts"];
export const alertsRouter = createRouter();

alertsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/alerts",
    access: { roles: ["seeker"], scope: "alerts:read" },
    operationId: "listAlerts",
    tags,
    summary: "Your job alerts, oldest first",
    responses: { 200: jsonResponse(AlertList, "All your alerts (at most 20)"), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const rows = await alerts.listAlerts(c.get("db"), auth.userId);
    return c.json({ data: rows.map(presentAlert), next_cursor: null, total: rows.length }, 200);
  },
);

alertsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/alerts",
    access: { roles: ["seeker"], scope: "alerts:write" },
    operationId: "createAlert",
    tags,
    summary: "Save a search as a job alert",
    description:
      "The query uses the filters of `GET /api/v1/jobs` (same matching code). `instant` alerts are evaluated " +
      "when a job is published; `daily` (03:00 UTC) and `weekly` (Monday 06:00 UTC) digests list only jobs " +
      "published since the previous digest, newest 10 per email. At most 20 alerts per user: the 21st → `409 alert-limit-reached`.",
    request: { body: jsonBody(CreateAlertBody) },
    responses: { 201: jsonResponse(AlertSchema, "The alert"), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const row = await alerts.createAlert(c.get("db"), auth.userId, c.req.valid("json"));
    return c.json(presentAlert(row), 201, { Location: `/api/v1/alerts/${row.id}` });
  },
);

alertsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/alerts/{id}",
    access: { roles: ["seeker"], scope: "alerts:read" },
    etag: true,
    operationId: "getAlert",
    tags,
    summary: "One of your job alerts",
    request: { params: AlertIdParam },
    responses: {
      200: jsonResponse(AlertSchema, "The alert"),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const row = await alerts.getAlert(c.get("db"), auth.userId, c.req.valid("param").id);
    return c.json(presentAlert(row), 200);
  },
);

alertsRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/alerts/{id}",
    access: { roles: ["seeker"], scope: "alerts:write" },
    etag: true,
    operationId: "updateAlert",
    tags,
    summary: "Change, pause or resume a job alert",
    description:
      "`query` replaces the whole query. Resuming (`active: true`) does not deliver jobs published while paused.",
    request: { params: AlertIdParam, headers: IfMatchHeaders, body: jsonBody(UpdateAlertBody) },
    responses: { 200: jsonResponse(AlertSchema, "The alert"), ...errorResponses(400, 401, 403, 404, 412) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const row = await alerts.updateAlert(c.get("db"), auth.userId, c.req.valid("param").id, c.req.valid("json"), {
      ifMatch: ifMatchVersions(c),
    });
    return c.json(presentAlert(row), 200);
  },
);

alertsRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/alerts/{id}",
    access: { roles: ["seeker"], scope: "alerts:write" },
    operationId: "deleteAlert",
    tags,
    summary: "Delete a job alert",
    request: { params: AlertIdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    await alerts.deleteAlert(c.get("db"), auth.userId, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

alertsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/alerts/{id}/preview",
    access: { roles: ["seeker"], scope: "alerts:read" },
    operationId: "previewAlert",
    tags,
    summary: "The jobs the alert matches now",
    description: "Exactly `GET /api/v1/jobs` with the alert's filters (same ranking, paging and cursor).",
    request: { params: AlertIdParam, query: PreviewQuery },
    responses: { 200: jsonResponse(PreviewResponse, "Matching jobs"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const auth = requireRole(c, "seeker");
    const result = await alerts.previewAlert(
      c.env,
      c.get("db"),
      auth.userId,
      c.req.valid("param").id,
      c.req.valid("query"),
    );
    return c.json(result, 200);
  },
);
