/**
 * Every module's part in `GET /auth/me/export` and account erasure, registered
 * in one place so the list of what we store about a person is readable here.
 * Erasers run in `order` (default 100); the account eraser, which anonymises
 * the user row itself, runs last (1000, in src/modules/accounts/gdpr.ts).
 */
import "./gdpr";
import { exportApplicantData } from "../applications/export";
import { eraseApplicantData } from "../applications/gdpr";
import { eraseNotificationData, exportNotificationData } from "../notifications/gdpr";
import { eraseProfileData, exportProfileData } from "../profiles/gdpr";
import { eraseReviewData, exportReviewData } from "../reviews/gdpr";
import { eraseSavedJobs, exportSavedJobs } from "../saved-jobs/gdpr";
import { registerGdprEraser, registerGdprExporter } from "./gdpr-registry";

// Profile, sections, skills and resumes (with their storage keys). Erasure deletes the
// rows and hands avatar/resume files to the `file.orphaned` queue job, which deletes
// each object once nothing references it (images are content-addressed and may be shared).
registerGdprExporter("profile", exportProfileData);
registerGdprEraser("profile", async ({ db, env, userId }) => {
  await eraseProfileData(db, env, userId);
  return {};
});

// Applications and interviews as the applicant; erasure anonymises (the employer keeps the record).
registerGdprExporter("applications", exportApplicantData);
registerGdprEraser("applications", async ({ db, userId, now }) => {
  await eraseApplicantData(db, userId, now);
  return {};
});

registerGdprExporter("saved_jobs", exportSavedJobs);
registerGdprEraser("saved_jobs", async ({ db, userId }) => {
  await eraseSavedJobs(db, userId);
  return {};
});

registerGdprExporter("reviews", exportReviewData);
registerGdprEraser("reviews", async ({ db, userId, now }) => {
  await eraseReviewData(db, userId, now);
  return {};
});

registerGdprExporter("notifications", exportNotificationData);
registerGdprEraser("notifications", async ({ db, userId }) => {
  await eraseNotificationData(db, userId);
  return {};
});
