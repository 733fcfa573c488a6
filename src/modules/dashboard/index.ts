/** The dashboard module's face: what other modules and the composition roots may use. */
export { dashboardRouter } from "./routes";
export { dashboardChartsRouter } from "./routes-charts";
