/** Admin: users (list/get/patch/delete), the audit log and the outgoing email log. Mounted at /api/v1/admin. */

import { requireRole, requireSession } from "../../http/access";
import { clientIp, ipHint } from "../../http/client-info";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { BY_CREATED, createdPosition, decodeCursor, mapPage, page } from "../../http/pagination";
import { listAuditLog, listEmailLog } from "../audit";
import { presentAdminUser, presentAuditEntry, presentEmailLog } from "./presenters-admin";
import {
  AdminPatchUserBody,
  AdminUserEnvelope,
  AdminUserList,
  AdminUsersQuery,
  AuditList,
  AuditQuery,
  EmailLogList,
  EmailsQuery,
  UserIdParam,
} from "./schemas-admin";
import { deleteUserAsAdmin, getUserForAdmin, listUsers, patchUser } from "./service-admin";

const tags = ["Admin"];
export const adminUsersRouter = createRouter();

/** Admin actions need an admin's signed-in session (never an API key). */
function requireAdmin(c: Parameters<typeof requireRole>[0]) {
  requireSession(c);
  return requireRole(c, "admin");
}

adminUsersRouter.openapi(
  defineRoute({
    method: "get",
    path: "/users",
    access: { session: true, roles: ["admin"] },
    operationId: "adminListUsers",
    tags,
    summary: "List users",
    request: { query: AdminUsersQuery },
    responses: { 200: jsonResponse(AdminUserList, "Newest first"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireAdmin(c);
    const q = c.req.valid("query");
    const rows = await listUsers(c.get("db"), q, decodeCursor(q.cursor, BY_CREATED));
    return c.json(mapPage(page(rows, q.limit, createdPosition), presentAdminUser), 200);
  },
);

adminUsersRouter.openapi(
  defineRoute({
    method: "get",
    path: "/users/{id}",
    access: { session: true, roles: ["admin"] },
    etag: true,
    operationId: "adminGetUser",
    tags,
    summary: "One user",
    request: { params: UserIdParam },
    responses: {
      200: jsonResponse(AdminUserEnvelope, "The user"),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    requireAdmin(c);
    const user = await getUserForAdmin(c.get("db"), c.req.valid("param").id);
    return c.json({ user: presentAdminUser(user) }, 200);
  },
);

adminUsersRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/users/{id}",
    access: { session: true, roles: ["admin"] },
    etag: true,
    operationId: "adminUpdateUser",
    tags,
    summary: "Change a user's role or suspend/unsuspend",
    description:
      "Suspending revokes every session; the user's tokens and API keys stop working at once and sign-in is refused.",
    request: { params: UserIdParam, headers: IfMatchHeaders, body: jsonBody(AdminPatchUserBody) },
    responses: {
      200: jsonResponse(AdminUserEnvelope, "The updated user"),
      ...errorResponses(400, 401, 403, 404, 409, 412),
    },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const user = await patchUser(c.get("db"), c.env, admin, c.req.valid("param").id, c.req.valid("json"), {
      ipHint: ipHint(clientIp(c)),
      ifMatch: ifMatchVersions(c),
    });
    return c.json({ user: presentAdminUser(user) }, 200);
  },
);

adminUsersRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/users/{id}",
    access: { session: true, roles: ["admin"] },
    operationId: "adminDeleteUser",
    tags,
    summary: "Erase a user's account (same erasure as DELETE /auth/me)",
    request: { params: UserIdParam },
    responses: { 204: { description: "Erased" }, ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    await deleteUserAsAdmin(
      c.get("db"),
      c.env,
      admin,
      c.req.valid("param").id,
      { ipHint: ipHint(clientIp(c)) },
      c.get("gdprSections"),
    );
    return c.body(null, 204);
  },
);

adminUsersRouter.openapi(
  defineRoute({
    method: "get",
    path: "/audit-log",
    access: { session: true, roles: ["admin"] },
    operationId: "adminListAuditLog",
    tags,
    summary: "Admin actions and security events",
    request: { query: AuditQuery },
    responses: { 200: jsonResponse(AuditList, "Newest first"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireAdmin(c);
    const q = c.req.valid("query");
    const rows = await listAuditLog(c.get("db"), q, decodeCursor(q.cursor, BY_CREATED));
    return c.json(mapPage(page(rows, q.limit, createdPosition), presentAuditEntry), 200);
  },
);

adminUsersRouter.openapi(
  defineRoute({
    method: "get",
    path: "/emails",
    access: { session: true, roles: ["admin"] },
    operationId: "adminListEmails",
    tags,
    summary: "Outgoing email log",
    request: { query: EmailsQuery },
    responses: { 200: jsonResponse(EmailLogList, "Newest first"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    requireAdmin(c);
    const q = c.req.valid("query");
    const rows = await listEmailLog(c.get("db"), q, decodeCursor(q.cursor, BY_CREATED));
    return c.json(mapPage(page(rows, q.limit, createdPosition), presentEmailLog), 200);
  },
);
