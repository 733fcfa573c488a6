/** The calendar module's face: private, revocable webcal feeds of a user's interviews. */
export { calendarGdpr } from "./service";
