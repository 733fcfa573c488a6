/**
 * The route-auth matrix (test/helpers/route-auth.ts) for every route with an
 * id in its path: anonymous 401, the wrong role 403, someone else's resource
 * 404, the owner's happy path. A route with a path parameter is either a case
 * here or listed in NOT_OWNER_SCOPED with the reason, and the route table
 * proves nothing is missing.
 */
import { describe, expect, it } from "vitest";
import { DAY } from "../src/lib/time";
import {
  addMember,
  login,
  makeAlert,
  makeApiKey,
  makeApplication,
  makeCategory,
  makeCompany,
  makeInterview,
  makeJob,
  makeNotification,
  makeReport,
  makeResume,
  makeUser,
  type Session,
  signedIn,
} from "./factories";
import { reviewBody } from "./helpers/companies";
import { api, call } from "./helpers/http";
import { makeRating } from "./helpers/messages";
import { buildPdf } from "./helpers/profiles";
import { checkRouteAuth, label, type RouteAuthCase } from "./helpers/route-auth";
import { routeTable } from "./helpers/route-table";
import { makeDelivery, makeEndpoint } from "./helpers/webhooks";

/** A case with its fixture type hidden, so cases of different fixtures share one list. */
interface Case {
  method: string;
  route: string;
  run: () => Promise<void>;
}
const c = <F>(rc: RouteAuthCase<F>): Case => ({ method: rc.method, route: rc.route, run: () => checkRouteAuth(rc) });

/** A company whose owner is `employer`, with a published job. */
async function companyOf(employer: Session, job: Parameters<typeof makeJob>[0] | object = {}) {
  const company = await makeCompany({ verified: true, members: [{ userId: employer.user.id }] });
  const j = await makeJob({ companyId: company.id, postedBy: employer.user.id, ...job });
  return { company, job: j };
}

/** An application by `seeker` to a job of a fresh company, and that company's owner (signed in). */
async function applicationOf(seeker: Session, status: "pending" | "shortlisted" | "interviewing" = "pending") {
  const employer = await signedIn({ role: "employer" });
  const { company, job } = await companyOf(employer);
  const app = await makeApplication(job, seeker.user.id, { status });
  return { employer, company, job, app };
}

/** An application to a job of `employer`'s company, by a fresh seeker. */
async function applicationTo(employer: Session, status: "pending" | "shortlisted" | "interviewing" = "pending") {
  const seeker = await makeUser();
  const { company, job } = await companyOf(employer);
  const app = await makeApplication(job, seeker.id, { status });
  return { seeker, company, job, app };
}

/** A review of a company whose owner is `employer`, written (through the API) by a fresh seeker. */
async function reviewOfCompanyOf(employer: Session) {
  const { company } = await companyOf(employer);
  const author = await signedIn();
  const r = await api.post(`/api/v1/companies/${company.id}/reviews`, reviewBody(), { token: author.token });
  if (r.status !== 201) throw new Error(`review not created: ${r.status}`);
  return { company, review: r.json as { id: string } };
}

const future = () => new Date(Date.now() + 7 * DAY).toISOString();
const pdf = () => buildPdf(["Ada Lovelace", "Go, SQL"]);

const SECTIONS = {
  experience: {
    company_name: "Acme",
    title: "Engineer",
    start_date: "2019-03",
    end_date: "2021-06",
    is_current: false,
  },
  education: { institution: "MIT", degree: "BSc", field_of_study: "CS", start_date: "2012", end_date: "2016" },
  certifications: { name: "CKA", issuer: "CNCF", issued_on: "2023-04-01", expires_on: "2026-04-01" },
  portfolio: { title: "Edge cache", url: "https://example.com/edge" },
} as const;

const ADMIN = { status: null, why: "any admin may act on any resource: there is no owner" } as const;
const ANY_CALLER = { status: null, why: "the resource is public: any caller of the role may act on it" } as const;

const CASES: Case[] = [
  // ---------------------------------------------------------------- alerts (seeker)
  ...(["GET", "PATCH", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/alerts/{id}",
      path: (a: { id: string }) => `/api/v1/alerts/${a.id}`,
      body: () => (method === "PATCH" ? { name: "Renamed" } : undefined),
      role: "seeker",
      wrongRole: "employer",
      setup: (owner) => makeAlert(owner.user.id),
      status: method === "DELETE" ? 204 : 200,
    }),
  ),
  c({
    method: "GET",
    route: "/api/v1/alerts/{id}/preview",
    path: (a: { id: string }) => `/api/v1/alerts/${a.id}/preview`,
    role: "seeker",
    wrongRole: "employer",
    setup: (owner) => makeAlert(owner.user.id),
  }),

  // ---------------------------------------------------------------- resumes (seeker)
  ...(["GET", "PATCH", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/resumes/{id}",
      path: (r: { id: string }) => `/api/v1/resumes/${r.id}`,
      body: () => (method === "PATCH" ? { title: "Renamed" } : undefined),
      role: "seeker",
      wrongRole: "employer",
      setup: (owner) => makeResume(owner.user.id, { bytes: pdf() }),
      status: method === "DELETE" ? 204 : 200,
    }),
  ),
  c({
    method: "POST",
    route: "/api/v1/resumes/{id}/share-link",
    path: (r: { id: string }) => `/api/v1/resumes/${r.id}/share-link`,
    body: () => ({ expires_in: 3600 }),
    role: "seeker",
    wrongRole: "employer",
    setup: (owner) => makeResume(owner.user.id, { bytes: pdf() }),
    status: 201,
  }),
  c({
    method: "GET",
    route: "/api/v1/resumes/{id}/download",
    path: (r: { id: string }) => `/api/v1/resumes/${r.id}/download`,
    role: "seeker",
    setup: (owner) => makeResume(owner.user.id, { bytes: pdf() }),
  }),

  c({
    method: "GET",
    route: "/api/v1/resumes/{id}/feedback",
    path: (r: { id: string }) => `/api/v1/resumes/${r.id}/feedback`,
    role: "seeker",
    wrongRole: "employer",
    setup: (owner) => makeResume(owner.user.id, { extractedText: "Skills: Go, SQL", extractedSkills: ["Go", "SQL"] }),
  }),
  c({
    // The owned resource is the resume in the query: a stranger naming it gets 404.
    method: "GET",
    route: "/api/v1/jobs/{id}/match",
    path: (f: { job: string; resume: string }) => `/api/v1/jobs/${f.job}/match?resume_id=${f.resume}`,
    role: "seeker",
    wrongRole: "employer",
    setup: async (owner) => {
      const job = await makeJob({ companyId: (await makeCompany()).id, skills: ["Go"] });
      const resume = await makeResume(owner.user.id, { extractedText: "Go", extractedSkills: ["Go"] });
      return { job: job.id, resume: resume.id };
    },
  }),

  // ---------------------------------------------------------------- notifications (any role)
  c({
    method: "POST",
    route: "/api/v1/notifications/{id}/read",
    path: (n: { id: string }) => `/api/v1/notifications/${n.id}/read`,
    role: "seeker",
    setup: (owner) => makeNotification(owner.user.id),
  }),
  c({
    method: "DELETE",
    route: "/api/v1/notifications/{id}",
    path: (n: { id: string }) => `/api/v1/notifications/${n.id}`,
    role: "employer",
    setup: (owner) => makeNotification(owner.user.id),
    status: 204,
  }),

  // ---------------------------------------------------------------- profile sections (seeker)
  ...Object.entries(SECTIONS).flatMap(([section, body]) =>
    (["PATCH", "DELETE"] as const).map((method) =>
      c({
        method,
        route: `/api/v1/profile/${section}/{id}`,
        path: (e: { id: string }) => `/api/v1/profile/${section}/${e.id}`,
        body: () => (method === "PATCH" ? body : undefined),
        role: "seeker",
        wrongRole: "employer",
        setup: async (owner) => {
          const r = await api.post(`/api/v1/profile/${section}`, body, { token: owner.token });
          if (r.status !== 201) throw new Error(`${section} not created: ${r.status} ${JSON.stringify(r.json)}`);
          return r.json as { id: string };
        },
        status: method === "DELETE" ? 204 : 200,
      }),
    ),
  ),

  // ---------------------------------------------------------------- applications
  c({
    method: "GET",
    route: "/api/v1/applications/{id}",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}`,
    role: "seeker",
    setup: (owner) => applicationOf(owner),
  }),
  c({
    method: "PATCH",
    route: "/api/v1/applications/{id}",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}`,
    body: () => ({ status: "reviewing" }),
    role: "employer",
    setup: (owner) => applicationTo(owner),
  }),
  c({
    method: "POST",
    route: "/api/v1/applications/{id}/withdraw",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/withdraw`,
    role: "seeker",
    setup: (owner) => applicationOf(owner),
  }),
  c({
    method: "GET",
    route: "/api/v1/applications/{id}/history",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/history`,
    role: "seeker",
    setup: (owner) => applicationOf(owner),
  }),
  ...(["GET", "POST"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/applications/{id}/notes",
      path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/notes`,
      body: () => (method === "POST" ? { body: "Strong Go skills" } : undefined),
      role: "employer",
      setup: (owner) => applicationTo(owner),
      status: method === "POST" ? 201 : 200,
    }),
  ),
  c({
    method: "POST",
    route: "/api/v1/applications/{id}/interviews",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/interviews`,
    body: () => ({ starts_at: future(), duration_minutes: 45, timezone: "Europe/Berlin", kind: "phone" }),
    role: "employer",
    setup: (owner) => applicationTo(owner, "shortlisted"),
    status: 201,
  }),
  c({
    method: "GET",
    route: "/api/v1/jobs/{id}/applications",
    path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}/applications`,
    role: "employer",
    wrongRole: "seeker",
    setup: (owner) => applicationTo(owner),
  }),
  c({
    method: "POST",
    route: "/api/v1/jobs/{id}/applications",
    path: (w: { job: { id: string }; resume: { id: string } }) => `/api/v1/jobs/${w.job.id}/applications`,
    body: (w: { resume: { id: string } }) => ({ resume_id: w.resume.id }),
    role: "seeker",
    wrongRole: "employer",
    setup: async (owner) => {
      const employer = await signedIn({ role: "employer" });
      const { job } = await companyOf(employer);
      return { job, resume: await makeResume(owner.user.id, { bytes: pdf(), isPrimary: true }) };
    },
    status: 201,
    stranger: {
      status: null,
      why: "any seeker may apply to a published job; the stranger's own resume is checked elsewhere",
    },
  }),

  // ---------------------------------------------------------------- interviews
  ...(["GET", "PATCH"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/interviews/{id}",
      path: (w: { iv: { id: string } }) => `/api/v1/interviews/${w.iv.id}`,
      body: () => (method === "PATCH" ? { notes: "Bring a laptop" } : undefined),
      role: "employer",
      setup: async (owner) => {
        const w = await applicationTo(owner, "interviewing");
        return { ...w, iv: await makeInterview(w.app, { scheduledBy: owner.user.id }) };
      },
    }),
  ),
  c({
    method: "POST",
    route: "/api/v1/interviews/{id}/respond",
    path: (w: { iv: { id: string } }) => `/api/v1/interviews/${w.iv.id}/respond`,
    body: () => ({ response: "accept" }),
    role: "seeker",
    setup: async (owner) => {
      const w = await applicationOf(owner, "interviewing");
      return { ...w, iv: await makeInterview(w.app) };
    },
  }),
  c({
    method: "GET",
    route: "/api/v1/interviews/{id}/ics",
    path: (w: { iv: { id: string } }) => `/api/v1/interviews/${w.iv.id}/ics`,
    role: "seeker",
    setup: async (owner) => {
      const w = await applicationOf(owner, "interviewing");
      return { ...w, iv: await makeInterview(w.app) };
    },
  }),

  // ---------------------------------------------------------------- jobs (employer)
  c({
    method: "PATCH",
    route: "/api/v1/jobs/{id}",
    path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}`,
    body: () => ({ title: "Renamed Engineer" }),
    role: "employer",
    wrongRole: "seeker",
    setup: (owner) => companyOf(owner),
  }),
  c({
    method: "DELETE",
    route: "/api/v1/jobs/{id}",
    path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}`,
    role: "employer",
    wrongRole: "seeker",
    setup: (owner) => companyOf(owner, { status: "draft", publishedAt: null }),
    status: 204,
  }),
  c({
    method: "POST",
    route: "/api/v1/jobs/{id}/publish",
    path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}/publish`,
    body: () => ({}),
    role: "employer",
    wrongRole: "seeker",
    setup: (owner) => companyOf(owner, { status: "draft", publishedAt: null, isRemote: true }),
  }),
  c({
    method: "POST",
    route: "/api/v1/jobs/{id}/close",
    path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}/close`,
    role: "employer",
    wrongRole: "seeker",
    setup: (owner) => companyOf(owner),
  }),
  c({
    method: "GET",
    route: "/api/v1/jobs/{id}/analytics",
    path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}/analytics`,
    role: "employer",
    wrongRole: "seeker",
    setup: (owner) => companyOf(owner),
  }),
  c({
    method: "GET",
    route: "/api/v1/jobs/{id}/analytics/chart.svg",
    path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}/analytics/chart.svg?metric=hiring_funnel`,
    role: "employer",
    wrongRole: "seeker",
    setup: (owner) => companyOf(owner),
  }),

  // ---------------------------------------------------------------- companies (members)
  c({
    method: "PATCH",
    route: "/api/v1/companies/{id}",
    path: (w: { company: { id: string } }) => `/api/v1/companies/${w.company.id}`,
    body: () => ({ industry: "Software" }),
    role: "employer",
    setup: (owner) => companyOf(owner),
  }),
  c({
    method: "DELETE",
    route: "/api/v1/companies/{id}",
    path: (w: { company: { id: string } }) => `/api/v1/companies/${w.company.id}`,
    role: "employer",
    setup: (owner) => companyOf(owner, { status: "draft", publishedAt: null }),
    status: 204,
  }),
  c({
    method: "DELETE",
    route: "/api/v1/companies/{id}/logo",
    path: (w: { company: { id: string } }) => `/api/v1/companies/${w.company.id}/logo`,
    role: "employer",
    setup: (owner) => companyOf(owner),
    status: 204,
  }),
  ...(["GET", "POST"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/companies/{id}/members",
      path: (w: { company: { id: string }; recruiter: { email: string } }) =>
        `/api/v1/companies/${w.company.id}/members`,
      body: (w: { recruiter: { email: string } }) =>
        method === "POST" ? { email: w.recruiter.email, role: "recruiter" } : undefined,
      role: "employer",
      setup: async (owner) => ({ ...(await companyOf(owner)), recruiter: await makeUser({ role: "employer" }) }),
      status: method === "POST" ? 201 : 200,
    }),
  ),
  ...(["PATCH", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/companies/{id}/members/{user_id}",
      path: (w: { company: { id: string }; recruiter: { id: string } }) =>
        `/api/v1/companies/${w.company.id}/members/${w.recruiter.id}`,
      body: () => (method === "PATCH" ? { role: "owner" } : undefined),
      role: "employer",
      setup: async (owner) => {
        const w = await companyOf(owner);
        const recruiter = await makeUser({ role: "employer" });
        await addMember(w.company.id, recruiter.id, "recruiter");
        return { ...w, recruiter };
      },
      status: method === "DELETE" ? 204 : 200,
    }),
  ),

  // ---------------------------------------------------------------- reviews
  ...(["PATCH", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/reviews/{id}",
      path: (w: { review: { id: string } }) => `/api/v1/reviews/${w.review.id}`,
      body: () => (method === "PATCH" ? { rating: 3 } : undefined),
      role: "seeker",
      setup: async (owner) => {
        const company = await makeCompany();
        const r = await api.post(`/api/v1/companies/${company.id}/reviews`, reviewBody(), { token: owner.token });
        return { review: r.json as { id: string } };
      },
      status: method === "DELETE" ? 204 : 200,
    }),
  ),
  ...(["PUT", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/reviews/{id}/response",
      path: (w: { review: { id: string } }) => `/api/v1/reviews/${w.review.id}/response`,
      body: () => (method === "PUT" ? { body: "Thank you for the feedback!" } : undefined),
      role: "employer",
      wrongRole: "seeker",
      setup: async (owner) => {
        const w = await reviewOfCompanyOf(owner);
        if (method === "DELETE") {
          const put = { body: "Thanks" };
          await api.put(`/api/v1/reviews/${w.review.id}/response`, put, { token: owner.token });
        }
        return w;
      },
      status: method === "DELETE" ? 204 : 200,
    }),
  ),

  // ---------------------------------------------------------------- account (session only, any role)
  c({
    method: "DELETE",
    route: "/api/v1/auth/api-keys/{id}",
    path: (k: { id: string }) => `/api/v1/auth/api-keys/${k.id}`,
    role: "employer",
    setup: (owner) => makeApiKey(owner.user.id, ["jobs:read"], "ATS sync"),
    status: 204,
  }),
  c({
    method: "DELETE",
    route: "/api/v1/auth/sessions/{id}",
    path: (s: { id: string }) => `/api/v1/auth/sessions/${s.id}`,
    role: "seeker",
    setup: async (owner) => {
      // A second sign-in: the session to end from the first one.
      await login(owner.user);
      const list = await api.get("/api/v1/auth/sessions", { token: owner.token });
      const other = (list.json.data as { id: string; current: boolean }[]).find((s) => !s.current);
      if (!other) throw new Error(`no second session: ${JSON.stringify(list.json)}`);
      return other;
    },
    status: 204,
  }),

  // ---------------------------------------------------------------- admin (no owner)
  ...(["GET", "PATCH", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/admin/users/{id}",
      path: (u: { id: string }) => `/api/v1/admin/users/${u.id}`,
      body: () => (method === "PATCH" ? { is_suspended: true } : undefined),
      role: "admin",
      wrongRole: "employer",
      setup: () => makeUser(),
      status: method === "DELETE" ? 204 : 200,
      stranger: ADMIN,
    }),
  ),
  ...(["approve", "reject"] as const).map((action) =>
    c({
      method: "POST",
      route: `/api/v1/admin/jobs/{id}/${action}`,
      path: (j: { id: string }) => `/api/v1/admin/jobs/${j.id}/${action}`,
      body: () => (action === "reject" ? { reason: "Please add a salary range." } : {}),
      role: "admin",
      wrongRole: "employer",
      setup: async () => {
        const company = await makeCompany();
        return makeJob({ companyId: company.id, status: "pending_review", publishedAt: null, isRemote: true });
      },
      stranger: ADMIN,
    }),
  ),
  ...(["POST", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/admin/companies/{id}/verify",
      path: (co: { id: string }) => `/api/v1/admin/companies/${co.id}/verify`,
      role: "admin",
      wrongRole: "employer",
      setup: () => makeCompany({ verified: method === "DELETE" }),
      stranger: ADMIN,
    }),
  ),
  c({
    method: "POST",
    route: "/api/v1/admin/reports/{id}/resolve",
    path: (r: { id: string }) => `/api/v1/admin/reports/${r.id}/resolve`,
    body: () => ({ action: "dismiss" }),
    role: "admin",
    wrongRole: "seeker",
    setup: async () => {
      const company = await makeCompany();
      return makeReport({ type: "job", id: (await makeJob({ companyId: company.id })).id });
    },
    stranger: ADMIN,
  }),
  ...(["PATCH", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/categories/{id}",
      path: (k: { id: string }) => `/api/v1/categories/${k.id}`,
      body: () => (method === "PATCH" ? { name: "Renamed Category" } : undefined),
      role: "admin",
      wrongRole: "employer",
      setup: () => makeCategory(),
      status: method === "DELETE" ? 204 : 200,
      stranger: ADMIN,
    }),
  ),

  // ---------------------------------------------------------------- messages (applicant and company members)
  c({
    method: "GET",
    route: "/api/v1/applications/{id}/messages",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/messages`,
    role: "seeker",
    setup: (owner) => applicationOf(owner),
  }),
  c({
    method: "POST",
    route: "/api/v1/applications/{id}/messages",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/messages`,
    body: () => ({ body: "Hello" }),
    role: "employer",
    wrongRole: "admin",
    setup: (owner) => applicationTo(owner),
    status: 201,
  }),
  c({
    method: "GET",
    route: "/api/v1/applications/{id}/messages/{messageId}/attachment",
    path: (w: { app: { id: string }; messageId: string }) =>
      `/api/v1/applications/${w.app.id}/messages/${w.messageId}/attachment`,
    role: "seeker",
    setup: async (owner) => {
      const w = await applicationOf(owner);
      const form = new FormData();
      form.set("file", new File([pdf()], "refs.pdf"));
      const res = await call("POST", `/api/v1/applications/${w.app.id}/messages/attachments`, {
        token: owner.token,
        raw: form,
      });
      const json = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`attachment not posted: ${res.status}`);
      return { app: w.app, messageId: json.id };
    },
  }),
  c({
    method: "POST",
    route: "/api/v1/applications/{id}/messages/read",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/messages/read`,
    body: () => ({}),
    role: "seeker",
    wrongRole: "admin",
    setup: (owner) => applicationOf(owner),
  }),
  ...(["PUT", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/applications/{id}/messages/block",
      path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/messages/block`,
      role: "seeker",
      wrongRole: "admin",
      setup: (owner) => applicationOf(owner),
    }),
  ),
  c({
    method: "POST",
    route: "/api/v1/applications/{id}/messages/{messageId}/report",
    path: (w: { app: { id: string }; messageId: string }) =>
      `/api/v1/applications/${w.app.id}/messages/${w.messageId}/report`,
    body: () => ({ reason: "Spam and abuse" }),
    role: "seeker",
    wrongRole: "admin",
    setup: async (owner) => {
      const w = await applicationOf(owner);
      const r = await api.post(
        `/api/v1/applications/${w.app.id}/messages`,
        { body: "Buy now" },
        { token: w.employer.token },
      );
      if (r.status !== 201) throw new Error(`message not posted: ${r.status}`);
      return { app: w.app, messageId: r.json.id as string };
    },
    status: 202,
  }),

  // ---------------------------------------------------------------- candidate ratings
  c({
    method: "POST",
    route: "/api/v1/applications/{id}/rating",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/rating`,
    body: () => ({ rating: 5, body: "Shipped the project early." }),
    role: "employer",
    wrongRole: "seeker",
    setup: async (owner) => {
      const seeker = await makeUser();
      const { job } = await companyOf(owner);
      return { app: await makeApplication(job, seeker.id, { status: "accepted" }) };
    },
    status: 201,
  }),
  c({
    method: "POST",
    route: "/api/v1/applications/{id}/contract-end",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/contract-end`,
    body: () => ({}),
    role: "employer",
    wrongRole: "seeker",
    setup: async (owner) => {
      const seeker = await makeUser();
      const { job } = await companyOf(owner, { jobType: "contract" });
      return { app: await makeApplication(job, seeker.id, { status: "accepted", statusChangedAt: Date.now() - 1000 }) };
    },
  }),
  c({
    method: "GET",
    route: "/api/v1/applications/{id}/rating",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/rating`,
    role: "seeker",
    setup: async (owner) => {
      const w = await applicationOf(owner);
      await makeRating(w.app, w.employer.user.id);
      return w;
    },
  }),
  c({
    method: "PUT",
    route: "/api/v1/applications/{id}/rating/response",
    path: (w: { app: { id: string } }) => `/api/v1/applications/${w.app.id}/rating/response`,
    body: () => ({ body: "Thank you!" }),
    role: "seeker",
    wrongRole: "employer",
    setup: async (owner) => {
      const w = await applicationOf(owner);
      await makeRating(w.app, w.employer.user.id);
      return w;
    },
  }),
  c({
    method: "POST",
    route: "/api/v1/candidate-ratings/{id}/report",
    path: (r: { id: string }) => `/api/v1/candidate-ratings/${r.id}/report`,
    body: () => ({ reason: "This is not true" }),
    role: "seeker",
    setup: async (owner) => {
      const w = await applicationOf(owner);
      return makeRating(w.app, w.employer.user.id);
    },
    status: 202,
  }),

  // ---------------------------------------------------------------- public resources a role acts on
  ...(["PUT", "DELETE"] as const).map((method) =>
    c({
      method,
      route: "/api/v1/jobs/{id}/save",
      path: (w: { job: { id: string } }) => `/api/v1/jobs/${w.job.id}/save`,
      role: "seeker",
      wrongRole: "employer",
      setup: async () => companyOf(await signedIn({ role: "employer" })),
      status: 204,
      stranger: ANY_CALLER,
    }),
  ),

  // ---------------------------------------------------------------- webhooks (company owner)
  ...(
    [
      ["GET", "", 200],
      ["PATCH", "", 200],
      ["DELETE", "", 204],
      ["POST", "/rotate-secret", 200],
      ["POST", "/test", 202],
      ["GET", "/deliveries", 200],
    ] as const
  ).map(([method, tail, status]) =>
    c({
      method,
      route: `/api/v1/webhook-endpoints/{id}${tail}`,
      path: (e: { id: string }) => `/api/v1/webhook-endpoints/${e.id}${tail}`,
      body: () => (method === "PATCH" ? { description: "Renamed" } : tail === "/rotate-secret" ? {} : undefined),
      role: "employer",
      wrongRole: "seeker",
      setup: async (owner) => makeEndpoint((await companyOf(owner)).company.id, { url: "https://hooks.invalid/in" }),
      status,
    }),
  ),
  ...(
    [
      ["GET", "", 200],
      ["POST", "/redeliver", 202],
    ] as const
  ).map(([method, tail, status]) =>
    c({
      method,
      route: `/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}${tail}`,
      path: (d: { endpointId: string; id: string }) =>
        `/api/v1/webhook-endpoints/${d.endpointId}/deliveries/${d.id}${tail}`,
      role: "employer",
      wrongRole: "seeker",
      setup: async (owner) =>
        makeDelivery(await makeEndpoint((await companyOf(owner)).company.id, { url: "https://hooks.invalid/in" })),
      status,
    }),
  ),

  // ---------------------------------------------------------------- candidate sync (company members)
  c({
    method: "GET",
    route: "/api/v1/companies/{id}/candidates",
    path: (co: { id: string }) => `/api/v1/companies/${co.id}/candidates`,
    role: "employer",
    wrongRole: "seeker",
    setup: async (owner) => {
      const { company, job } = await companyOf(owner);
      await makeApplication(job, (await makeUser()).id);
      return company;
    },
  }),

  // ---------------------------------------------------------------- billing (company members; admins' products)
  ...(["", "/purchases", "/invoices"] as const).map((tail) =>
    c({
      method: "GET",
      route: `/api/v1/companies/{id}/billing${tail}`,
      path: (co: { id: string }) => `/api/v1/companies/${co.id}/billing${tail}`,
      role: "employer",
      wrongRole: "seeker",
      setup: async (owner) => (await companyOf(owner)).company,
    }),
  ),
  c({
    method: "PATCH",
    route: "/api/v1/admin/billing/products/{id}",
    path: (p: { id: string }) => `/api/v1/admin/billing/products/${p.id}`,
    body: () => ({ active: false }),
    role: "admin",
    wrongRole: "employer",
    setup: async (owner) => {
      const r = await api.post(
        "/api/v1/admin/billing/products",
        { kind: "credits", name: "Pack", credits: 1, prices: [{ currency: "eur", unit_amount: 900 }] },
        { token: owner.token },
      );
      return r.json as { id: string };
    },
    stranger: ADMIN,
  }),

  // ---------------------------------------------------------------- job ingestion (admins only)
  ...(
    [
      ["GET", "", undefined, 200],
      ["PATCH", "", () => ({ name: "Renamed" }), 200],
      ["DELETE", "", undefined, 204],
      ["POST", "/run", undefined, 202],
      ["GET", "/runs", undefined, 200],
    ] as const
  ).map(([method, tail, body, status]) =>
    c({
      method,
      route: `/api/v1/admin/ingestion/sources/{id}${tail}`,
      path: (s: { id: string }) => `/api/v1/admin/ingestion/sources/${s.id}${tail}`,
      ...(body ? { body } : {}),
      role: "admin",
      wrongRole: "employer",
      setup: async (owner) => {
        const r = await api.post(
          "/api/v1/admin/ingestion/sources",
          { name: "Matrix", kind: "greenhouse", config: { board_token: "matrix-board" } },
          { token: owner.token },
        );
        return r.json as { id: string };
      },
      stranger: ADMIN,
      status,
    }),
  ),
];

/** Routes with a path parameter that have no owner, each with the reason. */
const NOT_OWNER_SCOPED: Record<string, string> = {
  "GET /api/v1/jobs/{id}": "public (optional auth personalises)",
  "GET /api/v1/jobs/{id}/similar": "public",
  "GET /api/v1/companies/{id}": "public",
  "GET /api/v1/companies/{id}/jobs": "public",
  "GET /api/v1/companies/{id}/reviews": "public",
  "GET /api/v1/categories/{id}": "public",
  "GET /api/v1/reviews/{id}": "public",
  "GET /api/v1/users/{username}": "public profile (visibility is tested in profiles-visibility)",
  "GET /files/images/{scope}/{file}": "public images",
  "GET /api/v1/auth/oauth/{provider}/authorize": "public sign-in",
  "GET /api/v1/auth/oauth/{provider}/callback": "public sign-in",
  "POST /api/v1/companies/{id}/reviews": "any seeker reviews any company (one each: reviews-crud)",
  "POST /api/v1/jobs/{id}/report": "any signed-in user reports a public job",
  "POST /api/v1/reviews/{id}/report": "any signed-in user reports a public review",
  "PUT /api/v1/reviews/{id}/helpful": "any signed-in user votes on a public review",
  "DELETE /api/v1/reviews/{id}/helpful": "any signed-in user votes on a public review",
  "PUT /api/v1/companies/{id}/logo": "binary upload: owner-only checks in companies-logo-admin",
  "GET /calendar/{file}": "public: the signed feed token in the path is the credential (calendar-feed.test.ts)",
  "GET /jobs/{id}": "public page: redirects to the job page (pages-public)",
  "GET /jobs/{id}/{slug}": "public page: published, closed and expired jobs only (pages-public)",
  "GET /companies/{slug}": "public page: company profile and published reviews (pages-public)",
  "POST /api/v1/applications/{id}/messages/attachments": "multipart upload: participant checks in messages.test",
  "GET /api/v1/users/{username}/ratings": "public profile section (visibility is tested in ratings.test)",
  "POST /api/v1/companies/{id}/billing/checkout":
    "needs Stripe configured (off here): anonymous 401, seeker/admin 403, recruiter 403, stranger 404 in billing.test",
  "POST /api/v1/companies/{id}/billing/portal": "needs Stripe configured (off here): owner-only checks in billing.test",
  "GET /resumes/{id}/shared": "public page: the signed share token in the query is the credential (pages-resume-share)",
};

const table = await routeTable();

describe("route-auth matrix", () => {
  const openApi = new Set(table.map((r) => `${r.method} ${r.openApiPath}`));

  it("covers every route with a path parameter, or says why it has no owner", () => {
    const covered = new Set(CASES.map(label));
    const missing = table
      .filter((r) => r.openApiPath.includes("{"))
      .map((r) => `${r.method} ${r.openApiPath}`)
      .filter((k) => !covered.has(k) && !(k in NOT_OWNER_SCOPED));
    expect(missing).toEqual([]);
    // And every case and exemption names a real route.
    expect([...covered, ...Object.keys(NOT_OWNER_SCOPED)].filter((k) => !openApi.has(k))).toEqual([]);
  });

  for (const rc of CASES) it(label(rc), () => rc.run());
});
