/** Wire shapes of webhook endpoints, deliveries and attempts. */
import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";
import {
  WEBHOOK_ATTEMPT_TRIGGERS,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_ENDPOINT_STATUSES,
  WEBHOOK_REQUEST_STATUSES,
} from "../../platform/db/schema";
import { WEBHOOK_EVENT_TYPES } from "./events";

const iso = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });
const id = z.string().min(1).max(64);

export const EndpointIdParam = z.object({
  id: id.openapi({ param: { name: "id", in: "path" }, example: "0193a6f0-7c1e-7000-8000-000000000001" }),
});

export const DeliveryIdParams = z.object({
  id: id.openapi({ param: { name: "id", in: "path" }, example: "0193a6f0-7c1e-7000-8000-000000000001" }),
  delivery_id: id.openapi({
    param: { name: "delivery_id", in: "path" },
    example: "msg_0193a6f0-7c1e-7000-8000-000000000002",
  }),
});

const EventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .openapi({ example: ["job.published", "application.created"] });

const Url = z.string().trim().min(1).max(2000).openapi({ example: "https://hooks.example.com/jobboard" });

export const CreateEndpointBody = z
  .object({
    url: Url,
    events: EventTypes,
    description: z.string().trim().max(500).optional().openapi({ example: "ATS connector" }),
    company_id: id.optional().openapi({
      description:
        "The company whose events the endpoint receives (you must be its owner). Admins may omit it: a platform-wide endpoint receives the events of every company.",
    }),
  })
  .strict()
  .openapi("CreateWebhookEndpoint");

export const UpdateEndpointBody = z
  .object({
    url: Url.optional(),
    events: EventTypes.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional().openapi({ description: "Re-enable a disabled endpoint, or pause one." }),
  })
  .strict()
  .openapi("UpdateWebhookEndpoint");

export const RotateSecretBody = z
  .object({
    overlap_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(86_400)
      .openapi({ description: "How long the previous secret keeps signing too (default one day).", example: 86_400 }),
  })
  .strict()
  .openapi("RotateWebhookSecret");

export const ListEndpointsQuery = z.object({
  ...pageQuery(),
  company_id: id.optional().openapi({ description: "Only this company's endpoints" }),
});

export const ListDeliveriesQuery = z.object({
  ...pageQuery(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
});

export const EndpointSchema = z
  .object({
    id: z.string(),
    company_id: z.string().nullable(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    status: z.enum(WEBHOOK_ENDPOINT_STATUSES),
    disabled_reason: z.string().nullable(),
    failing_since: iso.nullable(),
    previous_secret_expires_at: iso
      .nullable()
      .openapi({ description: "Until then, deliveries are signed with the previous secret too (after a rotation)." }),
    created_at: iso,
    updated_at: iso,
  })
  .openapi("WebhookEndpoint");

export const EndpointWithSecretSchema = EndpointSchema.extend({
  secret: z.string().openapi({
    description: "The signing secret (`whsec_…`), shown only in this response: store it now.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).openapi("WebhookEndpointWithSecret");

export const EndpointList = Page(EndpointSchema).openapi("WebhookEndpointList");

export const AttemptSchema = z
  .object({
    attempt: z.number().int(),
    trigger: z.enum(WEBHOOK_ATTEMPT_TRIGGERS),
    request_status: z.enum(WEBHOOK_REQUEST_STATUSES),
    response_status: z.number().int().nullable(),
    duration_ms: z.number().int(),
    error: z.string().nullable(),
    created_at: iso,
  })
  .openapi("WebhookAttempt");

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "The `webhook-id` header: the same on every attempt and redelivery." }),
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int().openapi({ description: "Automatic attempts made" }),
    next_attempt_at: iso.nullable(),
    last_attempt_at: iso.nullable(),
    created_at: iso,
  })
  .openapi("WebhookDelivery");

export const DeliveryDetailSchema = DeliverySchema.extend({
  payload: z.record(z.string(), z.unknown()).openapi({ description: "The JSON body every attempt sends" }),
  attempt_log: z.array(AttemptSchema),
}).openapi("WebhookDeliveryDetail");

export const DeliveryList = Page(DeliverySchema).openapi("WebhookDeliveryList");

export type CreateEndpointInput = z.infer<typeof CreateEndpointBody>;
export type UpdateEndpointInput = z.infer<typeof UpdateEndpointBody>;
