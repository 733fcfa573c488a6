/** The analytics module's face: what other modules and the composition roots may use. */

export { salaryChart, trendsChart } from "./charts";
export { jobTrends, salaryRanges, topSkillsInDemand } from "./market";
export { pruneSearchTerms, recordSearchTerm } from "./search-terms";
