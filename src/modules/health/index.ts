/** The health module's face: what other modules and the composition roots may use. */
export { healthRouter } from "./routes";
