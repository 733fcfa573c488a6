/** The pages module's face: what other modules and the composition roots may use. */
export { escapeHtml, linkify, prefersHtml, sendPage } from "./html";
