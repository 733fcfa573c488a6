/** The billing module's face: what other modules and the composition roots may use. */
export { billingPostingGate } from "./posting";
export { featuredExpiryTask, pruneBillingEventsTask } from "./tasks";
