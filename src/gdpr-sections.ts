/**
 * Everything we store about a person, in one place: each module's part of
 * `GET /auth/me/export` and of account erasure (`DELETE /auth/me`, the admin
 * delete). Erasers run by `order`; the account row itself is anonymised last.
 * src/app.ts imports this list on first use, so these faces are not evaluated at startup.
 */
import { accountGdpr } from "./modules/accounts";
import { alertsGdpr } from "./modules/alerts";
import { applicationsGdpr } from "./modules/applications";
import { calendarGdpr } from "./modules/calendar";
import { messagesGdpr } from "./modules/messages";
import { notificationsGdpr } from "./modules/notifications";
import { profilesGdpr } from "./modules/profiles";
import { ratingsGdpr } from "./modules/ratings";
import { remindersGdpr } from "./modules/reminders";
import { reviewsGdpr } from "./modules/reviews";
import { savedJobsGdpr } from "./modules/saved-jobs";
import type { GdprSection } from "./platform/gdpr";

export const gdprSections: readonly GdprSection[] = [
  profilesGdpr,
  applicationsGdpr,
  savedJobsGdpr,
  reviewsGdpr,
  notificationsGdpr,
  alertsGdpr,
  remindersGdpr,
  calendarGdpr,
  messagesGdpr,
  ratingsGdpr,
  accountGdpr,
];
