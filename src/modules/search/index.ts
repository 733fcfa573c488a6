/** The search module's face: what other modules and the composition roots may use. */
export { matchingTags, readWindow, windowStatements } from "./match";
export { jobsSearchRouter } from "./routes";
export { companyJobsRouter } from "./routes-companies";
export { SearchQuery, type SearchQueryInput } from "./schemas";
export { searchJobs } from "./search";
