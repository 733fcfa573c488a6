/**
 * The application pipeline as a pure function, so routes, bulk changes and
 * interview scheduling all agree on what is legal:
 *
 *   pending → reviewing → shortlisted → interviewing → offered → accepted
 *   any non-final → rejected (company) | withdrawn (applicant)
 *
 * `accepted`, `rejected` and `withdrawn` are final. Admins act as the company.
 */

import { ApiError } from "../../http/problem";
import { APPLICATION_STATUSES, type ApplicationStatus } from "../../platform/db/schema";

export type PipelineActor = "company" | "applicant";

export const FINAL_STATUSES: ReadonlySet<ApplicationStatus> = new Set(["accepted", "rejected", "withdrawn"]);

/** The single forward step from each non-final status. */
export const NEXT_STATUS: Readonly<Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  pending: "reviewing",
  reviewing: "shortlisted",
  shortlisted: "interviewing",
  interviewing: "offered",
  offered: "accepted",
};

/** The funnel order, used by analytics. */
export const PIPELINE_ORDER: readonly ApplicationStatus[] = [
  "pending",
  "reviewing",
  "shortlisted",
  "interviewing",
  "offered",
  "accepted",
];

export function isFinal(status: ApplicationStatus): boolean {
  return FINAL_STATUSES.has(status);
}

export function canTransition(from: ApplicationStatus, to: ApplicationStatus, actor: PipelineActor): boolean {
  if (isFinal(from)) return false;
  if (to === "withdrawn") return actor === "applicant";
  if (actor !== "company") return false;
  if (to === "rejected") return true;
  return NEXT_STATUS[from] === to;
}

/** Every legal (from, to, actor) triple; tests iterate over it. */
export function legalTransitions(): Array<{ from: ApplicationStatus; to: ApplicationStatus; actor: PipelineActor }> {
  const out: Array<{ from: ApplicationStatus; to: ApplicationStatus; actor: PipelineActor }> = [];
  for (const from of APPLICATION_STATUSES) {
    for (const to of APPLICATION_STATUSES) {
      for (const actor of ["company", "applicant"] as const) {
        if (canTransition(from, to, actor)) out.push({ from, to, actor });
      }
    }
  }
  return out;
}

export function invalidTransition(from: ApplicationStatus, to: ApplicationStatus): ApiError {
  return new ApiError(409, "invalid-transition", `An application cannot move from ${from} to ${to}.`, {
    extensions: { from_status: from, to_status: to },
  });
}

/** The status changed between our read and our conditional write. */
export function statusConflict(): ApiError {
  return new ApiError(
    409,
    "status-conflict",
    "The application's status was changed by someone else; reload and retry.",
  );
}
