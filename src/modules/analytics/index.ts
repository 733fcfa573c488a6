/** The analytics module's face: what other modules and the composition roots may use. */
export { analyticsAdminRouter } from "./routes-admin";
export { jobAnalyticsRouter } from "./routes-jobs";
export { pruneSearchTerms, recordSearchTerm } from "./search-terms";
