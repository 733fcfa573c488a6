/** The reviews module's face: what other modules and the composition roots may use. */
export { reviewsGdpr } from "./gdpr";
export { reviewsRouter } from "./routes";
export { reportsAdminRouter } from "./routes-admin";
