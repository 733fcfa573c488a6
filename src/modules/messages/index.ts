/** The messages module's face: what other modules and the composition roots may use. */
export { messagesOfflineEmailTask } from "./email";
export { messagesGdpr } from "./gdpr";
export { hideMessageStatement, type MessageReportTarget, messageReportTargets } from "./service";
