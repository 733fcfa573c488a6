/** The unsubscribe module's face: the one GET/POST pair every email's unsubscribe link points at. */
export { unsubscribeRouter } from "./routes";
