/** The reminders module's face: what other modules and the composition roots may use. */

export { remindersGdpr } from "./gdpr";
export {
  deadlineReminderTask,
  interviewReminder1hTask,
  interviewReminder24hTask,
  pruneReminderClaimsTask,
  staleDraftTask,
} from "./tasks";
