/** The resume-builder module's face: resume feedback, resume↔job match and the PDF/DOCX builder. */
export { resumeBuilderRouter } from "./routes";
