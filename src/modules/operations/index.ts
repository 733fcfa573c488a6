/** The operations module's face: what other modules and the composition roots may use. */
export { DeadLettersSchema } from "./schemas";
export { cronRunRecorder, operationsSummary, pruneOperationsTask, recordDeadLetter } from "./service";
