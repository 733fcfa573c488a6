/** The categories module's face: what other modules and the composition roots may use. */
export { CATEGORY_SUBTREE_SQL, categoryIdsBySlug } from "./service";
