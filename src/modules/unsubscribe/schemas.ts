/** Wire shapes of the one unsubscribe route pair. */
import { z } from "@hono/zod-openapi";
import { ALERT_FREQUENCIES } from "../../platform/db/schema";
import { NOTIFICATION_TYPES } from "../notifications";

export const UnsubscribeQuery = z.object({
  token: z
    .string()
    .min(1)
    .max(1000)
    .openapi({ param: { name: "token", in: "query" }, description: "The signed token from the email's link" }),
});

const EmailCategorySubject = z
  .object({
    kind: z.literal("email"),
    email: z.string().openapi({ example: "ada@example.com" }),
    category: z.string().openapi({ example: "transactional" }),
  })
  .openapi("UnsubscribeEmailCategory", { description: "A category of non-security email, for one address" });

const NotificationTypeSubject = z
  .object({
    kind: z.literal("notification"),
    type: z.enum(NOTIFICATION_TYPES),
  })
  .openapi("UnsubscribeNotificationType", { description: "One notification type's emails, for one user" });

const AlertSubject = z
  .object({
    kind: z.literal("alert"),
    alert: z
      .object({ id: z.string(), name: z.string(), frequency: z.enum(ALERT_FREQUENCIES) })
      .nullable()
      .openapi({ description: "null when the alert no longer exists" }),
  })
  .openapi("UnsubscribeAlert", { description: "One job alert" });

export const UnsubscribeState = z
  .object({
    subject: z.discriminatedUnion("kind", [EmailCategorySubject, NotificationTypeSubject, AlertSubject]),
    description: z
      .string()
      .openapi({ example: "Emails and notifications when new jobs match your job alert “Go in Berlin”." }),
    unsubscribed: z.boolean().openapi({ description: "Whether the subject is switched off now" }),
    changed: z.boolean().openapi({ description: "Whether this request switched it off (always false for GET)" }),
  })
  .openapi("UnsubscribeState");

export type UnsubscribeStateDto = z.infer<typeof UnsubscribeState>;
