/** The resume-builder module's face: resume feedback, resume↔job match and the PDF/DOCX builder. */
// Nothing else is shared: its routers are mounted lazily from src/routers.ts (import() of its routes files).
export {};
