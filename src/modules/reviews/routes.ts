import { requireAuth, requireRole } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { toIso } from "../../lib/time";
import { deleteResponse, reportReview, upsertResponse } from "./interactions";
import { presentReportReceipt, presentReview } from "./presenters";
import {
  CompanyIdParam,
  CreateReviewBody,
  HelpfulSchema,
  ReportBody,
  ReportReceiptSchema,
  ResponseBody,
  ResponseSchema,
  ReviewIdParam,
  ReviewListQuery,
  ReviewListSchema,
  ReviewSchema,
  UpdateReviewBody,
} from "./schemas";
import * as reviews from "./service";

const tags = ["Reviews"];

/** Mounted at `/api/v1`. */
export const reviewsRouter = createRouter();

reviewsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/companies/{id}/reviews",
    access: { optional: true, scope: "reviews:read" },
    operationId: "listCompanyReviews",
    tags,
    summary: "Published reviews of a company",
    description: "`total` is the number of published reviews (the rating's count).",
    request: { params: CompanyIdParam, query: ReviewListQuery },
    responses: { 200: jsonResponse(ReviewListSchema, "A page of reviews"), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const viewer = c.get("auth");
    const page = await reviews.listReviews(c.get("db"), viewer, c.req.valid("param").id, c.req.valid("query"));
    return c.json({ ...mapPage(page, (v) => presentReview(v, viewer)), total: page.total }, 200);
  },
);

reviewsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/companies/{id}/reviews",
    access: { roles: ["seeker"], scope: "reviews:write" },
    operationId: "createReview",
    tags,
    summary: "Review a company (seekers; one review per company)",
    request: { params: CompanyIdParam, body: jsonBody(CreateReviewBody) },
    responses: { 201: jsonResponse(ReviewSchema, "The review"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const view = await reviews.createReview(c.get("db"), c.env, caller, c.req.valid("param").id, c.req.valid("json"));
    return c.json(presentReview(view, caller), 201);
  },
);

reviewsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/reviews/{id}",
    access: { optional: true, scope: "reviews:read" },
    etag: true,
    operationId: "getReview",
    tags,
    summary: "One review",
    description: "Hidden reviews are visible to their author and admins only.",
    request: { params: ReviewIdParam },
    responses: {
      200: jsonResponse(ReviewSchema, "The review"),
      ...errorResponses(404),
    },
  }),
  async (c) => {
    const viewer = c.get("auth");
    const view = await reviews.getReview(c.get("db"), viewer, c.req.valid("param").id);
    return c.json(presentReview(view, viewer), 200);
  },
);

reviewsRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/reviews/{id}",
    access: { scope: "reviews:write" },
    etag: true,
    operationId: "updateReview",
    tags,
    summary: "Edit a review (author, admin)",
    request: { params: ReviewIdParam, headers: IfMatchHeaders, body: jsonBody(UpdateReviewBody) },
    responses: { 200: jsonResponse(ReviewSchema, "The review"), ...errorResponses(400, 401, 404, 412) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const view = await reviews.updateReview(c.get("db"), caller, c.req.valid("param").id, c.req.valid("json"), {
      ifMatch: ifMatchVersions(c),
    });
    return c.json(presentReview(view, caller), 200);
  },
);

reviewsRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/reviews/{id}",
    access: { scope: "reviews:write" },
    operationId: "deleteReview",
    tags,
    summary: "Delete a review (author, admin)",
    request: { params: ReviewIdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    await reviews.deleteReview(c.get("db"), caller, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

for (const method of ["put", "delete"] as const) {
  reviewsRouter.openapi(
    defineRoute({
      method,
      path: "/reviews/{id}/helpful",
      access: { scope: "reviews:write" },
      operationId: method === "put" ? "markReviewHelpful" : "unmarkReviewHelpful",
      tags,
      summary: method === "put" ? "Mark a review helpful (idempotent)" : "Withdraw a helpful vote (idempotent)",
      request: { params: ReviewIdParam },
      responses: { 200: jsonResponse(HelpfulSchema, "The vote state"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const caller = requireAuth(c);
      const r = await reviews.setHelpful(c.get("db"), caller, c.req.valid("param").id, method === "put");
      return c.json({ helpful_count: r.helpfulCount, voted: r.voted }, 200);
    },
  );
}

reviewsRouter.openapi(
  defineRoute({
    method: "put",
    path: "/reviews/{id}/response",
    access: { roles: ["employer", "admin"], scope: "reviews:write" },
    operationId: "putReviewResponse",
    tags,
    summary: "Write or replace the company's public response (company members)",
    request: { params: ReviewIdParam, body: jsonBody(ResponseBody) },
    responses: { 200: jsonResponse(ResponseSchema, "The response"), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, "employer", "admin");
    const row = await upsertResponse(c.get("db"), c.env, caller, c.req.valid("param").id, c.req.valid("json").body);
    return c.json({ body: row.body, created_at: toIso(row.createdAt), updated_at: toIso(row.updatedAt) }, 200);
  },
);

reviewsRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/reviews/{id}/response",
    access: { roles: ["employer", "admin"], scope: "reviews:write" },
    operationId: "deleteReviewResponse",
    tags,
    summary: "Remove the company's response (company members)",
    request: { params: ReviewIdParam },
    responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, "employer", "admin");
    await deleteResponse(c.get("db"), caller, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

reviewsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/reviews/{id}/report",
    access: { scope: "reviews:write" },
    operationId: "reportReview",
    tags,
    summary: "Report a review to the moderators",
    description: "Reporting the same review twice is a no-op that returns the first report.",
    request: { params: ReviewIdParam, body: jsonBody(ReportBody) },
    responses: { 202: jsonResponse(ReportReceiptSchema, "Received"), ...errorResponses(400, 401, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const row = await reportReview(c.get("db"), caller, c.req.valid("param").id, c.req.valid("json").reason);
    return c.json(presentReportReceipt(row), 202);
  },
);
