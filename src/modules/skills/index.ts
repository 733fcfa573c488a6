/** The skills module's face: what other modules and the composition roots may use. */
export { loadMatcher, matchSkills, type SkillMatcher } from "./matcher";
export { normalizeSkillNames, popularityDeltaStatements, recountPopularity } from "./service";
