/** The ratings module's face (employers' ratings of hired candidates). */
export { ratingsGdpr } from "./gdpr";
export { hideRatingStatement, type RatingReportTarget, ratingReportTargets } from "./service";
