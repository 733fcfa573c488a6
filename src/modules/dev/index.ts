/** The dev module's face: what other modules and the composition roots may use. */
export { devRouter } from "./routes";
