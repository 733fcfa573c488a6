import { toIso, toIsoOrNull } from "../../lib/time";
import type { RatingView } from "./service";

/** A rating as participants see it; a hidden one keeps its place but shows no text. */
export function presentRating(v: RatingView) {
  const r = v.rating;
  const hidden = r.status === "hidden";
  return {
    id: r.id,
    application_id: r.applicationId,
    company: { id: r.companyId, name: v.companyName, slug: v.companySlug },
    job_title: v.jobTitle,
    rating: r.rating,
    body: hidden ? "" : r.body,
    response:
      r.responseBody === null || r.responseAt === null
        ? null
        : { body: r.responseBody, created_at: toIso(r.responseAt) },
    status: r.status,
    hidden_at: toIsoOrNull(r.hiddenAt),
    created_at: toIso(r.createdAt),
  };
}

/** What the public profile shows: no application id, nothing hidden (only published ratings get here). */
export function presentPublicRating(v: RatingView) {
  const { application_id: _a, hidden_at: _h, status: _s, ...rest } = presentRating(v);
  return rest;
}
