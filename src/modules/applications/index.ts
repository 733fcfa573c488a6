/** The applications module's face: what other modules and the composition roots may use. */
export { type Viewer as ApplicationViewer, viewerOf as applicationViewerOf } from "./access";
export { applicationsGdpr } from "./gdpr";
export { interviewsFeed } from "./interviews-feed";
export { presentInterview } from "./interviews-presenters";
export { InterviewSchema } from "./interviews-schemas";
export {
  onApplicationSubmitted,
  onInterviewResponded,
  onInterviewScheduled,
  onInterviewUpdated,
  onStatusChanged,
  onWithdrawn,
} from "./notify";
export { PIPELINE_ORDER } from "./transitions";
