/** The ingestion module's face: what other modules and the composition roots may use. */
export { companyKey, dedupKey, locationKey, sameJob, titleKey } from "./fingerprint";
export { failRun, runIngestion } from "./run";
export { ingestionScheduleTask } from "./tasks";
