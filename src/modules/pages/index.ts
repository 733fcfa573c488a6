/** The pages module's face: what other modules and the composition roots may use. */
export { escapeHtml, linkify, prefersHtml, sendPage } from "./html";
export { registerPageDocs } from "./openapi";
export { pagesRouter } from "./routes";
export { marketPageRouter } from "./routes-market";
export { publicPagesRouter } from "./routes-public";
