/** Job alerts, created through the alerts service (it derives the matching fields) at a given clock. */
import type { CreateAlertInput } from "../../src/modules/alerts/schemas";
import { createAlert } from "../../src/modules/alerts/service";
import { db } from "./support";

/** A daily "golang" alert by email and in-app, created at `now`. */
export function makeAlert(userId: string, o: Partial<CreateAlertInput> = {}, now = Date.now()) {
  const input: CreateAlertInput = {
    name: "Go jobs",
    query: { q: "golang" },
    frequency: "daily",
    channels: ["email", "in_app"],
    ...o,
  };
  return createAlert(db(), userId, input, now);
}
