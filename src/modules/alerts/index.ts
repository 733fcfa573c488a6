/** The alerts module's face: what other modules and the composition roots may use. */
export { alertsGdpr } from "./gdpr";
export { handleJobPublished } from "./instant";
export { findAlert, unsubscribeAlert } from "./service";
export { alertsContinueTask, alertsDailyTask, alertsWeeklyTask } from "./tasks";
