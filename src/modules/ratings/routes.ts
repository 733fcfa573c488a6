import { requireAuth, requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { ApiError, notFound } from "../../http/problem";
import { toIso } from "../../lib/time";
import { fileReport } from "../moderation";
import { presentPublicRating, presentRating } from "./presenters";
import {
  ApplicationParam,
  CreateRatingBody,
  ListQuery,
  PublicRatingList,
  RatingList,
  RatingParam,
  RatingSchema,
  ReportBody,
  ReportReceipt,
  ResponseBody,
  SettingsBody,
  UsernameParam,
} from "./schemas";
import * as ratings from "./service";

const tags = ["Candidate ratings"];

/** Mounted at `/api/v1`. */
export const ratingsRouter = createRouter();

ratingsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/rating",
    access: { roles: ["employer"], scope: "applications:write" },
    operationId: "rateCandidate",
    tags,
    summary: "Rate the candidate you hired (company members; one rating per application)",
    description:
      "Only once the application is `accepted` (`409 not-hired` before); a second rating is `409 already-rated`.",
    request: { params: ApplicationParam, body: jsonBody(CreateRatingBody) },
    responses: { 201: jsonResponse(RatingSchema, "The rating"), ...errorResponses(400, 404, 409) },
  }),
  async (c) => {
    const caller = requireRole(c, "employer");
    const view = await ratings.createRating(c.get("db"), caller, c.req.valid("param").id, c.req.valid("json"));
    return c.json(presentRating(view), 201);
  },
);

ratingsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/applications/{id}/rating",
    access: { scope: "applications:read" },
    operationId: "getCandidateRating",
    tags,
    summary: "The application's rating (the candidate, the company's members, admins)",
    request: { params: ApplicationParam },
    responses: { 200: jsonResponse(RatingSchema, "The rating"), ...errorResponses(404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    return c.json(presentRating(await ratings.getRating(c.get("db"), caller, c.req.valid("param").id)), 200);
  },
);

ratingsRouter.openapi(
  defineRoute({
    method: "put",
    path: "/applications/{id}/rating/response",
    access: { roles: ["seeker"], scope: "applications:write" },
    operationId: "respondToCandidateRating",
    tags,
    summary: "Respond to the rating (the candidate, once)",
    description: "A second response is `409 already-responded`.",
    request: { params: ApplicationParam, body: jsonBody(ResponseBody) },
    responses: { 200: jsonResponse(RatingSchema, "The rating with the response"), ...errorResponses(400, 404, 409) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const view = await ratings.respond(c.get("db"), caller, c.req.valid("param").id, c.req.valid("json").body);
    return c.json(presentRating(view), 200);
  },
);

ratingsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/candidate-ratings",
    access: { roles: ["seeker"], scope: "profile:read" },
    operationId: "listMyCandidateRatings",
    tags,
    summary: "Ratings employers gave you, newest first (hidden ones included, marked)",
    request: { query: ListQuery },
    responses: { 200: jsonResponse(RatingList, "A page of ratings"), ...errorResponses(400) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    return c.json(mapPage(await ratings.listMine(c.get("db"), caller, c.req.valid("query")), presentRating), 200);
  },
);

ratingsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/candidate-ratings/settings",
    access: { roles: ["seeker"], scope: "profile:read" },
    operationId: "getCandidateRatingSettings",
    tags,
    summary: "Whether your public profile shows employers' ratings (off by default)",
    responses: { 200: jsonResponse(SettingsBody, "The setting") },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const s = await ratings.getSettings(c.get("db"), caller.userId);
    return c.json({ show_on_profile: s.showOnProfile }, 200);
  },
);

ratingsRouter.openapi(
  defineRoute({
    method: "put",
    path: "/candidate-ratings/settings",
    access: { roles: ["seeker"], scope: "profile:write" },
    operationId: "putCandidateRatingSettings",
    tags,
    summary: "Show or hide employers' ratings on your public profile",
    request: { body: jsonBody(SettingsBody) },
    responses: { 200: jsonResponse(SettingsBody, "The setting"), ...errorResponses(400) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const s = await ratings.putSettings(c.get("db"), caller.userId, c.req.valid("json").show_on_profile);
    return c.json({ show_on_profile: s.showOnProfile }, 200);
  },
);

ratingsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/candidate-ratings/{id}/report",
    access: { scope: "applications:write" },
    operationId: "reportCandidateRating",
    tags,
    summary: "Report a rating to the moderators",
    description: "Reporting the same rating twice returns the first report.",
    request: { params: RatingParam, body: jsonBody(ReportBody) },
    responses: { 202: jsonResponse(ReportReceipt, "Received"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const db = c.get("db");
    const row = await ratings.reportableRating(db, caller, c.req.valid("param").id);
    if (row.authorId === caller.userId) throw new ApiError(403, "forbidden", "You cannot report your own rating.");
    const filed = await fileReport(
      db,
      caller.userId,
      { type: "candidate_rating", id: row.id },
      c.req.valid("json").reason,
    );
    if (!filed) throw notFound("Rating");
    const r = filed.report;
    return c.json(
      {
        id: r.id,
        target_type: "candidate_rating" as const,
        target_id: r.targetId,
        status: r.status,
        created_at: toIso(r.createdAt),
      },
      202,
    );
  },
);

ratingsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/users/{username}/ratings",
    access: { optional: true, scope: "profile:read" },
    operationId: "listPublicCandidateRatings",
    tags,
    summary: "A candidate's published ratings, on their public profile",
    description:
      "Only when the candidate turned `show_on_profile` on and their profile is visible to you; otherwise `404`, " +
      "as for an unknown user.",
    request: { params: UsernameParam, query: ListQuery },
    responses: { 200: jsonResponse(PublicRatingList, "A page of ratings"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const found = await ratings.listPublic(
      c.get("db"),
      c.get("auth"),
      c.req.valid("param").username,
      c.req.valid("query"),
    );
    return c.json({ ...mapPage(found, presentPublicRating), count: found.count, average: found.average }, 200);
  },
);
