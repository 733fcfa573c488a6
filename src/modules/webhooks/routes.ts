/** `/api/v1/webhook-endpoints…`: outgoing webhooks of companies (owners) and of the platform (admins). */
import { requireAuth } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { presentAttempt, presentDelivery, presentEndpoint } from "./presenters";
import {
  CreateEndpointBody,
  DeliveryDetailSchema,
  DeliveryIdParams,
  DeliveryList,
  DeliverySchema,
  EndpointIdParam,
  EndpointList,
  EndpointSchema,
  EndpointWithSecretSchema,
  ListDeliveriesQuery,
  ListEndpointsQuery,
  RotateSecretBody,
  UpdateEndpointBody,
} from "./schemas";
import * as webhooks from "./service";

const tags = ["Webhooks"];
const roles = ["employer", "admin"] as const;
const read = { roles, scope: "webhooks:read" } as const;
const write = { roles, scope: "webhooks:write" } as const;
export const webhooksRouter = createRouter();

webhooksRouter.openapi(
  defineRoute({
    method: "get",
    path: "/webhook-endpoints",
    access: read,
    operationId: "listWebhookEndpoints",
    tags,
    summary: "Webhook endpoints you manage, newest first",
    description:
      "Company owners see their companies' endpoints; admins see every endpoint, platform-wide ones included.",
    request: { query: ListEndpointsQuery },
    responses: { 200: jsonResponse(EndpointList, "A page of endpoints"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const result = await webhooks.listEndpoints(c.get("db"), requireAuth(c), c.req.valid("query"));
    return c.json(
      mapPage(result, (r) => presentEndpoint(r)),
      200,
    );
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "post",
    path: "/webhook-endpoints",
    access: write,
    operationId: "createWebhookEndpoint",
    tags,
    summary: "Register a webhook endpoint",
    description:
      "The URL must be `https` and name a public host (no private, loopback or link-local addresses, no `localhost`); " +
      "redirects are never followed. The response carries the signing secret (`whsec_…`) once. " +
      `At most ${webhooks.MAX_ENDPOINTS_PER_OWNER} endpoints per company (\`409 webhook-endpoint-limit\`).`,
    request: { body: jsonBody(CreateEndpointBody) },
    responses: {
      201: jsonResponse(EndpointWithSecretSchema, "The endpoint, with its secret"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { row, secret } = await webhooks.createEndpoint(c.get("db"), c.env, requireAuth(c), c.req.valid("json"));
    return c.json({ ...presentEndpoint(row), secret }, 201, { Location: `/api/v1/webhook-endpoints/${row.id}` });
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "get",
    path: "/webhook-endpoints/{id}",
    access: read,
    etag: true,
    operationId: "getWebhookEndpoint",
    tags,
    summary: "One webhook endpoint",
    request: { params: EndpointIdParam },
    responses: { 200: jsonResponse(EndpointSchema, "The endpoint"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const row = await webhooks.requireEndpoint(c.get("db"), requireAuth(c), c.req.valid("param").id);
    return c.json(presentEndpoint(row), 200);
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/webhook-endpoints/{id}",
    access: write,
    etag: true,
    operationId: "updateWebhookEndpoint",
    tags,
    summary: "Change, pause or re-enable a webhook endpoint",
    description: "Honours `If-Match` with the ETag of `GET /webhook-endpoints/{id}` (stale → `412`, nothing changed).",
    request: { params: EndpointIdParam, headers: IfMatchHeaders, body: jsonBody(UpdateEndpointBody) },
    responses: { 200: jsonResponse(EndpointSchema, "The endpoint"), ...errorResponses(400, 401, 403, 404, 412) },
  }),
  async (c) => {
    const row = await webhooks.updateEndpoint(
      c.get("db"),
      c.env,
      requireAuth(c),
      c.req.valid("param").id,
      c.req.valid("json"),
      { ifMatch: ifMatchVersions(c) },
    );
    return c.json(presentEndpoint(row), 200);
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/webhook-endpoints/{id}",
    access: write,
    operationId: "deleteWebhookEndpoint",
    tags,
    summary: "Delete a webhook endpoint and its delivery log",
    request: { params: EndpointIdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    await webhooks.deleteEndpoint(c.get("db"), requireAuth(c), c.req.valid("param").id);
    return c.body(null, 204);
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "post",
    path: "/webhook-endpoints/{id}/rotate-secret",
    access: write,
    operationId: "rotateWebhookSecret",
    tags,
    summary: "Rotate the signing secret",
    description:
      "Returns the new secret once. During `overlap_seconds` (default one day) every delivery carries two signatures " +
      "(`v1,<new> v1,<old>`), so receivers can switch secrets without losing a delivery.",
    request: { params: EndpointIdParam, body: jsonBody(RotateSecretBody) },
    responses: {
      200: jsonResponse(EndpointWithSecretSchema, "The endpoint, with its new secret"),
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { row, secret } = await webhooks.rotateSecret(
      c.get("db"),
      c.env,
      requireAuth(c),
      c.req.valid("param").id,
      c.req.valid("json").overlap_seconds,
    );
    return c.json({ ...presentEndpoint(row), secret }, 200);
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "post",
    path: "/webhook-endpoints/{id}/test",
    access: write,
    operationId: "sendWebhookTestEvent",
    tags,
    summary: "Send a test event (webhook.test) to the endpoint",
    request: { params: EndpointIdParam },
    responses: {
      202: jsonResponse(DeliverySchema, "The delivery, queued"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const row = await webhooks.sendTestEvent(c.get("db"), c.env, requireAuth(c), c.req.valid("param").id);
    return c.json(presentDelivery(row), 202);
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "get",
    path: "/webhook-endpoints/{id}/deliveries",
    access: read,
    operationId: "listWebhookDeliveries",
    tags,
    summary: "The endpoint's deliveries, newest first",
    request: { params: EndpointIdParam, query: ListDeliveriesQuery },
    responses: { 200: jsonResponse(DeliveryList, "A page of deliveries"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const result = await webhooks.listDeliveries(
      c.get("db"),
      requireAuth(c),
      c.req.valid("param").id,
      c.req.valid("query"),
    );
    return c.json(mapPage(result, presentDelivery), 200);
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "get",
    path: "/webhook-endpoints/{id}/deliveries/{delivery_id}",
    access: read,
    operationId: "getWebhookDelivery",
    tags,
    summary: "One delivery with its payload and every attempt",
    request: { params: DeliveryIdParams },
    responses: { 200: jsonResponse(DeliveryDetailSchema, "The delivery"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const p = c.req.valid("param");
    const { delivery, attempts } = await webhooks.getDelivery(c.get("db"), requireAuth(c), p.id, p.delivery_id);
    return c.json(
      {
        ...presentDelivery(delivery),
        payload: JSON.parse(delivery.payload) as Record<string, unknown>,
        attempt_log: attempts.map(presentAttempt),
      },
      200,
    );
  },
);

webhooksRouter.openapi(
  defineRoute({
    method: "post",
    path: "/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver",
    access: write,
    operationId: "redeliverWebhook",
    tags,
    summary: "Send a delivery again (same webhook-id and body)",
    request: { params: DeliveryIdParams },
    responses: {
      202: jsonResponse(DeliverySchema, "The delivery; one more attempt is queued"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const p = c.req.valid("param");
    const row = await webhooks.redeliver(c.get("db"), c.env, requireAuth(c), p.id, p.delivery_id);
    return c.json(presentDelivery(row), 202);
  },
);
