/** The resumes module's face: what other modules and the composition roots may use. */
export { failParse, GAVE_UP_REASON, parseResume } from "./parse";
export { presentResume } from "./presenters";
export { resumesRouter } from "./routes";
export { discardUploadedResume, eraseResumesStatement, uploadResume } from "./service";
