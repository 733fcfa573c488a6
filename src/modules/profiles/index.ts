/** The profiles module's face: what other modules and the composition roots may use. */
export { profileCompleteness } from "./completeness";
export { profilesGdpr } from "./gdpr";
export { exportJsonResume } from "./json-resume";
export { type JsonResumeDocument as JsonResume, JsonResumeDocument } from "./json-resume-schema";
export { publicSeekerSummary, type SummaryProfileRow } from "./public";
export { PublicSeekerSummary } from "./section-schemas";
