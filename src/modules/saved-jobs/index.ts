/** The saved-jobs module's face: what other modules and the composition roots may use. */
export { savedJobsGdpr } from "./gdpr";
export { countSavedJobs } from "./service";
