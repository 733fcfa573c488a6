/**
 * One factory per entity. Each inserts its rows directly (fast, no HTTP) with
 * plain defaults documented on the function, so a test passes whatever it
 * relies on explicitly. Worlds made of several entities (a pipeline, an alert
 * set-up) live in ../helpers next to the tools of their tests.
 */
export { makeAlert } from "./alerts";
export { makeApiKey } from "./api-keys";
export { makeApplication } from "./applications";
export { makeCategory } from "./categories";
export {
  addMember,
  type CompanyOptions,
  type EmployerSession,
  employerOf,
  employerWithCompany,
  type MemberRole,
  makeCompany,
} from "./companies";
export { makeInterview } from "./interviews";
export { type JobOptions, makeJob } from "./jobs";
export { makeNotification } from "./notifications";
export { addProfileSkills, makeSeekerProfile } from "./profiles";
export { makeReport } from "./reports";
export { makeResume } from "./resumes";
export { saveJob } from "./saved-jobs";
export { makeSkills } from "./skills";
export { db, unique } from "./support";
export { DEFAULT_PASSWORD, login, type MakeUserOptions, makeUser, type Session, signedIn } from "./users";
