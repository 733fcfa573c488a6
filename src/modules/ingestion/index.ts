/** The ingestion module's face: what other modules and the composition roots may use. */
export { bands, hamming, NEAR_DUPLICATE_DISTANCE, simhash } from "./fingerprint";
export { failRun, runIngestion } from "./run";
export { ingestionScheduleTask } from "./tasks";
