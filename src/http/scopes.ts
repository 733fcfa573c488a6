/**
 * The API-key scope vocabulary: `area:read` and `area:write` per resource area.
 * Signed-in sessions hold every scope; an API key holds the scopes it was
 * created with. Every route declares the one scope it needs (src/http/openapi.ts
 * `defineRoute`), so a key is limited to what its owner granted it.
 *
 * `write` does not imply `read`: grant both when an integration needs both.
 * The first four are the original scopes; stored keys keep their meaning.
 */
export const SCOPE_DESCRIPTIONS = {
  "jobs:read": "Read jobs, including your companies' drafts, analytics, exports and recommendations",
  "jobs:write": "Create, edit, publish, close, delete, import and report jobs",
  "applications:read": "Read applications, their history, notes and exports",
  "applications:write": "Apply, withdraw, change statuses (also in bulk) and add notes",
  "companies:read": "Read your companies' members",
  "companies:write": "Create and edit companies, their logos and members",
  "interviews:read": "Read interviews and their calendar files",
  "interviews:write": "Schedule, reschedule and respond to interviews",
  "profile:read": "Read your profile, its sections, skills and JSON Resume; see others' profiles as you",
  "profile:write": "Edit your profile, its sections, skills, avatar and JSON Resume",
  "resumes:read": "List and download your resumes",
  "resumes:write": "Upload, rename, delete resumes and create share links",
  "saved-jobs:read": "List your saved jobs",
  "saved-jobs:write": "Save and unsave jobs",
  "notifications:read": "Read notifications and preferences; open the realtime channel",
  "notifications:write": "Mark notifications read, delete them, change preferences",
  "alerts:read": "Read job alerts and their previews",
  "alerts:write": "Create, edit and delete job alerts",
  "reviews:read": "Read company reviews as you (your own drafts and votes)",
  "reviews:write": "Write, edit, delete, vote on, respond to and report reviews",
  "dashboard:read": "Read your dashboard summary",
  "webhooks:read": "Read your webhook endpoints and their delivery logs",
  "webhooks:write": "Create, edit, delete webhook endpoints; rotate secrets, redeliver and send test events",
  "admin:read": "Admins: read moderation queues, platform analytics and admin job lists",
  "admin:write": "Admins: moderate jobs, reviews, companies and categories",
} as const;

export type Scope = keyof typeof SCOPE_DESCRIPTIONS;

export const API_KEY_SCOPES = Object.keys(SCOPE_DESCRIPTIONS) as [Scope, ...Scope[]];
