/** The analytics module's face: what other modules and the composition roots may use. */
export { analyticsRouter } from "./routes";
export { jobAnalyticsRouter } from "./routes-jobs";
export { pruneSearchTerms, recordSearchTerm } from "./search-terms";
