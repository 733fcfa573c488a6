/** API keys for integrators: list, create (secret shown once), revoke. Only a signed-in session manages keys. */

import { requireSession } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { presentApiKey } from "./presenters";
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey, IdParam } from "./schemas-account";

const tags = ["Auth"];
export const apiKeysRouter = createRouter();

apiKeysRouter.openapi(
  defineRoute({
    method: "get",
    path: "/api-keys",
    access: { session: true },
    operationId: "listApiKeys",
    tags,
    summary: "The caller's active API keys (never the secret)",
    responses: { 200: jsonResponse(ApiKeyList, "Active keys, newest first"), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const caller = requireSession(c);
    const rows = await listApiKeys(c.get("db"), caller.userId);
    return c.json({ data: rows.map(presentApiKey) }, 200);
  },
);

apiKeysRouter.openapi(
  defineRoute({
    method: "post",
    path: "/api-keys",
    access: { session: true },
    operationId: "createApiKey",
    tags,
    summary: "Create an API key",
    description:
      "The `key` (`jb_…`) is returned only in this response and stored only as a hash. Use it as `Authorization: Bearer jb_…`; routes check its scopes.",
    request: { body: jsonBody(CreateApiKeyBody) },
    responses: { 201: jsonResponse(CreatedApiKey, "Created"), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const caller = requireSession(c);
    const { row, key } = await createApiKey(c.get("db"), caller.userId, c.req.valid("json"));
    return c.json({ ...presentApiKey(row), key }, 201, { "Cache-Control": "no-store" });
  },
);

apiKeysRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/api-keys/{id}",
    access: { session: true },
    operationId: "revokeApiKey",
    tags,
    summary: "Revoke an API key; it stops working at once",
    request: { params: IdParam },
    responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const caller = requireSession(c);
    await revokeApiKey(c.get("db"), c.env, caller.userId, c.req.valid("param").id);
    return c.body(null, 204);
  },
);
