/** The caller's sessions (list, revoke) and login history. */

import { requireSession } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { BY_CREATED, createdPosition, decodeCursor, mapPage, page } from "../../http/pagination";
import { listLoginHistory } from "./devices";
import { presentLoginAttempt, presentSession } from "./presenters";
import { IdParam, LoginHistory, LoginHistoryQuery, SessionList } from "./schemas-account";
import { listSessions, revokeOwnSession } from "./sessions";

const tags = ["Auth"];
export const sessionsRouter = createRouter();

sessionsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/sessions",
    access: { session: true },
    operationId: "listSessions",
    tags,
    summary: "The caller's active sessions",
    responses: {
      200: jsonResponse(SessionList, "Active sessions, most recently used first"),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const caller = requireSession(c);
    const rows = await listSessions(c.get("db"), caller.userId);
    return c.json({ data: rows.map((s) => presentSession(s, caller.sessionId)) }, 200);
  },
);

sessionsRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/sessions/{id}",
    access: { session: true },
    operationId: "revokeSession",
    tags,
    summary: "Sign out one of the caller's sessions",
    description: "Its access and refresh tokens stop working at once. Another user's session id is a `404`.",
    request: { params: IdParam },
    responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const caller = requireSession(c);
    await revokeOwnSession(c.get("db"), c.env, caller.userId, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

sessionsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/login-history",
    access: { session: true },
    operationId: "listLoginHistory",
    tags,
    summary: "Recent sign-in attempts on the caller's account (successes and failures)",
    request: { query: LoginHistoryQuery },
    responses: { 200: jsonResponse(LoginHistory, "Newest first"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const caller = requireSession(c);
    const { limit, cursor } = c.req.valid("query");
    const before = decodeCursor(cursor, BY_CREATED);
    const rows = await listLoginHistory(c.get("db"), caller.userId, { limit, before });
    return c.json(mapPage(page(rows, limit, createdPosition), presentLoginAttempt), 200);
  },
);
