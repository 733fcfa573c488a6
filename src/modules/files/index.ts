/** The files module's face: what other modules and the composition roots may use. */
export { deleteFiles } from "./delete";
export { ExtractError, extractText } from "./extract";
export { handleFileOrphaned, IMMUTABLE_CACHE, publicImagePath, releaseFiles } from "./service";
export { uploadRateLimit } from "./upload-limit";
