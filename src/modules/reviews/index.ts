/** The reviews module's face: what other modules and the composition roots may use. */
export { reviewsGdpr } from "./gdpr";
export { presentReview } from "./presenters";
export { listReviews, publishedReviewView } from "./service";
