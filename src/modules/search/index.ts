/** The search module's face: what other modules and the composition roots may use. */
export { matchingTags, readWindow, windowStatements } from "./match";
export { listCompanyJobs } from "./routes-companies";
export { FACETS, SearchQuery, type SearchQueryInput, SORTS } from "./schemas";
export { type SearchResult, searchCache, searchJobs } from "./search";
export { searchIndexMergeTask } from "./tasks";
