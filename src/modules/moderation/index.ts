/** The moderation module's face: the reports table, written through these functions only. */
export {
  dropCompanyReportsStatement,
  fileReport,
  forgetReporterStatement,
  type ReportTarget,
  type Resolution,
  resolveReportsStatement,
} from "./reports";
