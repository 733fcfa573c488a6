/** The reviews module's face: what other modules and the composition roots may use. */
export { reviewsGdpr } from "./gdpr";
export { presentReview } from "./presenters";
export { reviewsRouter } from "./routes";
export { reportsAdminRouter } from "./routes-admin";
export { listReviews, publishedReviewView } from "./service";
