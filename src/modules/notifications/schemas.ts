import { z } from "@hono/zod-openapi";
import { Page, pageQuery } from "../../http/pagination";
import { CHANNELS, NOTIFICATION_TYPES } from "./catalog";

const iso = z.string().openapi({ example: "2026-11-21T10:00:00.000Z" });

export const NotificationSchema = z
  .object({
    id: z.string().openapi({ example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    type: z.string().openapi({ example: "application_status_changed" }),
    title: z.string().openapi({ example: "Your application moved to shortlisted" }),
    body: z.string().openapi({ example: "Acme shortlisted your application for Senior Engineer." }),
    data: z
      .record(z.string(), z.unknown())
      .openapi({ example: { application_id: "0193a5b2-…", status: "shortlisted" } }),
    action_url: z.string().nullable().openapi({ example: "/applications/0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
    read_at: iso.nullable(),
    created_at: iso,
  })
  .openapi("Notification");

export const NotificationList = Page(NotificationSchema, {
  unread_count: z.number().int().openapi({ example: 3 }),
}).openapi("NotificationList");

export const ListNotificationsQuery = z.object({
  unread: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true` lists only unread notifications", example: "true" }),
  ...pageQuery({ cursorMax: 200 }),
});

export const NotificationIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "0193a5b2-7c1e-7f00-8000-3c4d5e6f7a8b" }),
});

export const ReadAllResult = z
  .object({
    updated: z.number().int().openapi({ example: 4, description: "How many notifications were marked read" }),
    unread_count: z.number().int().openapi({ example: 0 }),
  })
  .openapi("ReadAllResult");

export const PreferenceSchema = z
  .object({
    type: z.enum(NOTIFICATION_TYPES),
    description: z.string().openapi({ example: "The status of one of your applications changed." }),
    in_app: z.boolean(),
    email: z.boolean(),
    configurable: z
      .boolean()
      .openapi({ description: "Security notices are always delivered and cannot be switched off." }),
  })
  .openapi("NotificationPreference");

export const PreferencesEnvelope = z
  .object({ data: z.array(PreferenceSchema), channels: z.array(z.enum(CHANNELS)) })
  .openapi("NotificationPreferences");

export const PreferenceUpdate = z
  .object({
    type: z.enum(NOTIFICATION_TYPES),
    in_app: z.boolean().optional(),
    email: z.boolean().optional(),
    // Read-only fields of the GET shape, accepted so a client can PUT back what it read;
    // a value that differs from the server's is a `400` (see updatePreferences).
    description: z.string().max(500).optional().openapi({ description: "Read-only; must match if sent." }),
    configurable: z.boolean().optional().openapi({ description: "Read-only; must match if sent." }),
  })
  .strict()
  .openapi("NotificationPreferenceUpdate");

const preferenceList = z.array(PreferenceUpdate).min(1).max(NOTIFICATION_TYPES.length);

export const UpdatePreferencesBody = z
  .object({
    preferences: preferenceList.optional().openapi({
      example: [
        { type: "review_response", email: true },
        { type: "job_alert", in_app: false },
      ],
    }),
    data: preferenceList
      .optional()
      .openapi({ description: "Same as `preferences`: the body `GET` returned can be sent back as it is." }),
    channels: z.array(z.enum(CHANNELS)).optional().openapi({ description: "Read-only (as returned by GET); ignored." }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.preferences === undefined) === (body.data === undefined)) {
      ctx.addIssue({ code: "custom", path: ["preferences"], message: "Send exactly one of preferences or data." });
    }
  })
  .openapi("UpdateNotificationPreferencesRequest");

export const TicketSchema = z
  .object({
    ticket: z.string().openapi({ example: "hV3k…" }),
    expires_in: z.number().int().openapi({ example: 60, description: "Seconds until the ticket expires" }),
    url: z.string().openapi({ example: "/api/v1/realtime?ticket=hV3k…", description: "Path to open the WebSocket on" }),
  })
  .openapi("RealtimeTicket");

export const RealtimeQuery = z.object({
  ticket: z.string().min(1).max(200).openapi({ description: "A ticket from `POST /api/v1/realtime/ticket`" }),
});
