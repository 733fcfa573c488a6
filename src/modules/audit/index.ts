/** The audit module's face: what other modules and the composition roots may use. */
export { listAuditLog, listEmailLog } from "./logs";
export { auditInsert, auditInsertIf, recordAudit } from "./service";
