/** The profiles module's face: what other modules and the composition roots may use. */
export { profileCompleteness } from "./completeness";
export { profilesGdpr } from "./gdpr";
export { profilesRouter } from "./routes";
