/** The operations module's face: what other modules and the composition roots may use. */
export { operationsAdminRouter } from "./routes-admin";
export { DeadLettersSchema } from "./schemas";
export { cronRunRecorder, operationsSummary, pruneOperationsTask, recordDeadLetter } from "./service";
