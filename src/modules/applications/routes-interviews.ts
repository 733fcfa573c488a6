import { z } from "@hono/zod-openapi";
import { requireAuth } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { interviewDetail, interviewIcs, respondToInterview, scheduleInterview, updateInterview } from "./interviews";
import { listMyInterviews } from "./interviews-list";
import { presentInterview } from "./interviews-presenters";
import {
  InterviewList,
  InterviewListQuery,
  InterviewSchema,
  PatchInterviewBody,
  RespondBody,
  ScheduleBody,
} from "./interviews-schemas";
import { IdParam } from "./schemas";

const tags = ["Interviews"];

export const interviewsRouter = createRouter();

interviewsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/applications/{id}/interviews",
    access: { scope: "interviews:write" },
    operationId: "scheduleInterview",
    tags,
    summary: "Schedule an interview (company members)",
    description:
      "`starts_at` must be in the future; `timezone` is an IANA zone name. A shortlisted application moves to " +
      "`interviewing`; scheduling is refused (`409`) for applications in other stages. The applicant is notified.",
    request: { params: IdParam, body: jsonBody(ScheduleBody) },
    responses: { 201: jsonResponse(InterviewSchema, "The interview"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const b = c.req.valid("json");
    const iv = await scheduleInterview(c.get("db"), c.env, requireAuth(c), c.req.valid("param").id, {
      startsAt: Date.parse(b.starts_at),
      durationMinutes: b.duration_minutes,
      timezone: b.timezone,
      kind: b.kind,
      location: b.location ?? null,
      meetingUrl: b.meeting_url ?? null,
      notes: b.notes ?? null,
    });
    return c.json(presentInterview(iv), 201);
  },
);

interviewsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/interviews",
    access: { scope: "interviews:read" },
    operationId: "listMyInterviews",
    tags,
    summary: "My interviews, upcoming first",
    description: "Interviews where the caller is the applicant or a member of the interviewing company.",
    request: { query: InterviewListQuery },
    responses: { 200: jsonResponse(InterviewList, "A page of interviews"), ...errorResponses(400, 401, 410) },
  }),
  async (c) => c.json(await listMyInterviews(c.get("db"), requireAuth(c), c.req.valid("query")), 200),
);

interviewsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/interviews/{id}",
    access: { scope: "interviews:read" },
    etag: true,
    operationId: "getInterview",
    tags,
    summary: "One interview",
    request: { params: IdParam },
    responses: {
      200: jsonResponse(InterviewSchema, "The interview"),
      ...errorResponses(401, 404),
    },
  }),
  async (c) => {
    const iv = await interviewDetail(c.get("db"), requireAuth(c), c.req.valid("param").id);
    return c.json(presentInterview(iv), 200);
  },
);

interviewsRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/interviews/{id}",
    access: { scope: "interviews:write" },
    etag: true,
    operationId: "updateInterview",
    tags,
    summary: "Reschedule, edit or cancel an interview (company members)",
    description: 'A new time resets the applicant\'s response to `pending`. `{ "status": "cancelled" }` cancels.',
    request: { params: IdParam, headers: IfMatchHeaders, body: jsonBody(PatchInterviewBody) },
    responses: {
      200: jsonResponse(InterviewSchema, "The interview"),
      ...errorResponses(400, 401, 403, 404, 409, 412),
    },
  }),
  async (c) => {
    const b = c.req.valid("json");
    const iv = await updateInterview(
      c.get("db"),
      c.env,
      requireAuth(c),
      c.req.valid("param").id,
      {
        cancel: b.status === "cancelled",
        startsAt: b.starts_at !== undefined ? Date.parse(b.starts_at) : undefined,
        durationMinutes: b.duration_minutes,
        timezone: b.timezone,
        kind: b.kind,
        location: b.location,
        meetingUrl: b.meeting_url,
        notes: b.notes,
      },
      { ifMatch: ifMatchVersions(c) },
    );
    return c.json(presentInterview(iv), 200);
  },
);

interviewsRouter.openapi(
  defineRoute({
    method: "post",
    path: "/interviews/{id}/respond",
    access: { scope: "interviews:write" },
    operationId: "respondToInterview",
    tags,
    summary: "Accept or decline an interview (the applicant)",
    request: { params: IdParam, body: jsonBody(RespondBody) },
    responses: { 200: jsonResponse(InterviewSchema, "The interview"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const iv = await respondToInterview(
      c.get("db"),
      c.env,
      requireAuth(c),
      c.req.valid("param").id,
      c.req.valid("json").response,
    );
    return c.json(presentInterview(iv), 200);
  },
);

interviewsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/interviews/{id}/ics",
    access: { scope: "interviews:read" },
    operationId: "getInterviewIcs",
    tags,
    summary: "The interview as an iCalendar file (RFC 5545)",
    request: { params: IdParam },
    responses: {
      200: { description: "text/calendar", content: { "text/calendar": { schema: z.string() } } },
      ...errorResponses(401, 404),
    },
  }),
  async (c) => {
    const ics = await interviewIcs(c.get("db"), c.env, requireAuth(c), c.req.valid("param").id);
    return c.body(ics, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="interview.ics"',
      "Cache-Control": "private, no-store",
    });
  },
);
