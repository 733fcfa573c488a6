/** GDPR: export everything about the caller; erase the account. */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../../http/access";
import { clientIp, ipHint } from "../../http/client-info";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { ApiError } from "../../http/problem";
import { verifyPassword } from "../../lib/passwords";
import { buildGdprExport } from "../../platform/gdpr";
import { eraseAccount } from "./erase";
import { AcceptedSchema, DeleteMeBody } from "./schemas-account";
import { getUser } from "./service";

const tags = ["Auth"];
export const gdprRouter = createRouter();

gdprRouter.openapi(
  defineRoute({
    method: "get",
    path: "/me/export",
    access: { session: true },
    operationId: "exportMe",
    tags,
    summary: "Everything stored about the caller, as one JSON document",
    description: "Each module contributes a section (GDPR art. 15/20). Sent as an attachment.",
    responses: {
      200: jsonResponse(z.record(z.string(), z.unknown()).openapi("DataExport"), "The export"),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const caller = requireSession(c);
    const doc = await buildGdprExport(c.get("gdprSections"), c.get("db"), caller.userId);
    return c.json(doc, 200, {
      "Cache-Control": "no-store",
      "Content-Disposition": 'attachment; filename="jobboard-export.json"',
    });
  },
);

gdprRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/me",
    access: { session: true },
    operationId: "deleteMe",
    tags,
    summary: "Erase the caller's account",
    description:
      "Password-confirmed (accounts without a password confirm with `confirm_email`). Sessions are revoked, personal data erased or anonymised, files deleted in the background; records others legitimately keep (e.g. that an application existed) stay, anonymised.",
    request: { body: jsonBody(DeleteMeBody) },
    responses: {
      202: jsonResponse(AcceptedSchema, "The account is erased; file deletion is queued"),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const caller = requireSession(c);
    const body = c.req.valid("json");
    const db = c.get("db");
    const user = await getUser(db, caller.userId);
    const confirmed = user.passwordHash
      ? body.password !== undefined && (await verifyPassword(body.password, user.passwordHash))
      : body.confirm_email?.trim().toLowerCase() === user.email;
    if (!confirmed) {
      throw new ApiError(400, "invalid-password", "Confirm the deletion with your password.", {
        errors: [{ path: user.passwordHash ? "password" : "confirm_email", message: "Does not match." }],
      });
    }
    await eraseAccount(
      db,
      c.env,
      user,
      {
        actor: caller,
        ipHint: ipHint(clientIp(c)),
        reason: "self",
      },
      c.get("gdprSections"),
    );
    return c.json({ message: "Your account was deleted." }, 202);
  },
);
