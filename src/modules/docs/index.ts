/** The docs module's face: what other modules and the composition roots may use. */
export { docsRouter, registerOpenApi } from "./routes";
