/** The calendar module's face: private, revocable webcal feeds of a user's interviews. */
export { calendarFeedRouter, calendarRouter } from "./routes";
export { calendarGdpr } from "./service";
