/** The resumes module's face: what other modules and the composition roots may use. */
export { failParse, GAVE_UP_REASON, parseResume } from "./parse";
export { presentResume } from "./presenters";
export { ResumeSchema } from "./schemas";
export { discardUploadedResume, eraseResumesStatement, findResumeById, getOwnedResume, uploadResume } from "./service";
export { inspectShareLink } from "./share";
