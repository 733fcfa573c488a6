export * from "./companies";
export * from "./jobs";
export * from "./notifications";
export * from "./resumes";
export * from "./skills";
export * from "./users";
