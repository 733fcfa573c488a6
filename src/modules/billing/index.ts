/** The billing module's face: what other modules and the composition roots may use. */
export { billingPostingGate } from "./posting";
export { billingPagesRouter, billingRouter } from "./routes";
export { billingAdminRouter } from "./routes-admin";
export { featuredExpiryTask, pruneBillingEventsTask } from "./tasks";
