/** The jobs module's face: what other modules and the composition roots may use. */

export { type CrawlEntry, latestJobRecords, publishedJobBoundaries, publishedJobsByIdRange } from "./crawl";
export { featuredJobs, similarJobs, trendingJobs } from "./discovery";
export { jobAnalytics, jobViewsSince } from "./employer";
export { handleJobModerated, handleJobViewed, indexPublishedJob } from "./events";
export { expireFeaturedJobs, featureJobStatement, jobOfCompany, unfeatureJobStatement } from "./featured";
export {
  expireImportedJobs,
  type ImportedJobInput,
  importedJobInsert,
  importedJobSeen,
  importedJobUpdate,
} from "./imported";
export { jobPostingJsonLd } from "./json-ld";
export { archiveReportedJobStatements } from "./lifecycle";
export { renderMarkdown } from "./markdown";
export { type JobDto, type JobSummaryDto, presentJob, presentSummary } from "./presenters";
export { type RecommenderVariant, recommendJobs, recordImpressions, variantFor } from "./recommend";
export { learnNeighbors, learnNeighborsTask, pruneRecommendationEventsTask } from "./recommend-learn";
export { JOB_RECORD_COLUMNS, JOB_RECORD_JOINS, type JobRecord, recordFromSql } from "./records";
export { IdParam, JobSummarySchema } from "./schemas";
export {
  countApplicationStatement,
  isPublic,
  loadRecord,
  recategorizeStatement,
  requireManagedJob,
  requireVisibleJob,
} from "./service";
export { type SkillDemand, skillDemand } from "./skill-demand";
export { jobSchedulesTask, pruneJobViewsTask, trendingJobsTask } from "./tasks";
