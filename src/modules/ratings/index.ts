/** The ratings module's face (employers' ratings of hired candidates). */
export { ratingsGdpr } from "./gdpr";
export { ratingsRouter } from "./routes";
export { hideRatingStatement, type RatingReportTarget, ratingReportTargets } from "./service";
