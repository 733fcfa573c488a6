export * from "./applications";
export * from "./companies";
export * from "./jobs";
export * from "./moderation";
export * from "./notifications";
export * from "./resumes";
export * from "./skills";
export * from "./users";
