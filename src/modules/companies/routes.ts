import { z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { mapPage } from "../../http/pagination";
import { fileTooLarge, MAX_IMAGE_BYTES } from "../../platform/storage/storage";
import { deleteIfUnused, logoUrl, removeLogo, setLogo } from "./logo";
import { addMember, changeMemberRole, listMembers, removeMember } from "./members";
import { companyJsonLd, presentCompany, presentMember } from "./presenters";
import {
  AddMemberBody,
  CompanyDetailSchema,
  CompanyListQuery,
  CompanyListSchema,
  CompanySchema,
  CreateCompanyBody,
  IdOrSlugParam,
  IdParam,
  LogoSchema,
  MemberListSchema,
  MemberParam,
  MemberSchema,
  UpdateCompanyBody,
} from "./schemas";
import * as companies from "./service";

const tags = ["Companies"];

export const companiesRouter = createRouter();

companiesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/",
    access: { public: true },
    operationId: "listCompanies",
    tags,
    summary: "List companies",
    description: "Sorted by name. `q` matches part of the name.",
    request: { query: CompanyListQuery },
    responses: { 200: jsonResponse(CompanyListSchema, "A page of companies"), ...errorResponses(400) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(mapPage(await companies.listCompanies(c.get("db"), q), presentCompany), 200);
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/",
    access: { roles: ["employer"], scope: "companies:write" },
    operationId: "createCompany",
    tags,
    summary: "Create a company; the caller becomes its owner",
    request: { body: jsonBody(CreateCompanyBody) },
    responses: { 201: jsonResponse(CompanySchema, "The new company"), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const caller = requireRole(c, "employer");
    const row = await companies.createCompany(c.get("db"), caller.userId, c.req.valid("json"));
    return c.json(presentCompany(row), 201, { Location: `/api/v1/companies/${row.slug}` });
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/{id}",
    access: { public: true },
    etag: true,
    operationId: "getCompany",
    tags,
    summary: "A company by id or slug",
    description: "Includes `rating`, `open_jobs_count`, `is_verified` and schema.org data in `json_ld`.",
    request: { params: IdOrSlugParam },
    responses: {
      200: jsonResponse(CompanyDetailSchema, "The company"),
      ...errorResponses(404),
    },
  }),
  async (c) => {
    const row = await companies.getCompany(c.get("db"), c.req.valid("param").id);
    const body = { ...presentCompany(row), json_ld: companyJsonLd(row, new URL(c.req.url).origin) };
    return c.json(body, 200, { "Cache-Control": "public, max-age=0, must-revalidate" });
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/{id}",
    access: { scope: "companies:write" },
    etag: true,
    operationId: "updateCompany",
    tags,
    summary: "Update a company (members and admins)",
    description: "The slug never changes on rename, so links stay valid.",
    request: { params: IdParam, headers: IfMatchHeaders, body: jsonBody(UpdateCompanyBody) },
    responses: { 200: jsonResponse(CompanySchema, "The updated company"), ...errorResponses(400, 401, 404, 412) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const row = await companies.updateCompany(c.get("db"), caller, c.req.valid("param").id, c.req.valid("json"), {
      ifMatch: ifMatchVersions(c),
    });
    return c.json(presentCompany(row), 200);
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/{id}",
    access: { scope: "companies:write" },
    operationId: "deleteCompany",
    tags,
    summary: "Delete a company (owner when it has no published jobs; admin always)",
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const company = await companies.deleteCompany(c.get("db"), caller, c.req.valid("param").id);
    if (company.logoKey) await deleteIfUnused(c.get("db"), c.env.FILES, company.logoKey);
    return c.body(null, 204);
  },
);

const imageBody = {
  required: true,
  description: "The image bytes (PNG, JPEG or WebP, at most 2 MB). The type is checked by content.",
  content: Object.fromEntries(
    ["image/png", "image/jpeg", "image/webp"].map((t) => [t, { schema: z.string().openapi({ format: "binary" }) }]),
  ),
};

companiesRouter.openapi(
  defineRoute({
    method: "put",
    path: "/{id}/logo",
    access: { scope: "companies:write" },
    operationId: "putCompanyLogo",
    tags,
    summary: "Upload or replace the company logo",
    bodyLimit: { maxBytes: MAX_IMAGE_BYTES, tooLarge: fileTooLarge },
    request: { params: IdParam, body: imageBody },
    responses: { 200: jsonResponse(LogoSchema, "The new logo URL"), ...errorResponses(400, 401, 404, 413, 415) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const key = await setLogo(c.get("db"), c.env.FILES, caller, c.req.valid("param").id, c.req.raw);
    return c.json({ logo_url: logoUrl(key) ?? "" }, 200);
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/{id}/logo",
    access: { scope: "companies:write" },
    operationId: "deleteCompanyLogo",
    tags,
    summary: "Remove the company logo",
    request: { params: IdParam },
    responses: { 204: { description: "Removed" }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    await removeLogo(c.get("db"), c.env.FILES, caller, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/{id}/members",
    access: { scope: "companies:read" },
    operationId: "listCompanyMembers",
    tags,
    summary: "Members of the company (members only)",
    request: { params: IdParam },
    responses: { 200: jsonResponse(MemberListSchema, "Owners first"), ...errorResponses(401, 404) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const rows = await listMembers(c.get("db"), caller, c.req.valid("param").id);
    return c.json({ data: rows.map(presentMember) }, 200);
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "post",
    path: "/{id}/members",
    access: { scope: "companies:write" },
    operationId: "addCompanyMember",
    tags,
    summary: "Add an existing employer account by email (owners)",
    request: { params: IdParam, body: jsonBody(AddMemberBody) },
    responses: { 201: jsonResponse(MemberSchema, "The new member"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const member = await addMember(c.get("db"), caller, c.req.valid("param").id, c.req.valid("json"));
    return c.json(presentMember(member), 201);
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/{id}/members/{user_id}",
    access: { scope: "companies:write" },
    operationId: "updateCompanyMember",
    tags,
    summary: "Change a member's role (owners); the last owner cannot be demoted",
    request: {
      params: MemberParam,
      body: jsonBody(
        z
          .object({ role: z.enum(["owner", "recruiter"]) })
          .strict()
          .openapi("UpdateCompanyMemberRequest"),
      ),
    },
    responses: { 200: jsonResponse(MemberSchema, "The member"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const { id, user_id } = c.req.valid("param");
    const member = await changeMemberRole(c.get("db"), caller, id, user_id, c.req.valid("json").role);
    return c.json(presentMember(member), 200);
  },
);

companiesRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/{id}/members/{user_id}",
    access: { scope: "companies:write" },
    operationId: "removeCompanyMember",
    tags,
    summary: "Remove a member (owners), or leave (any member)",
    description: "The last owner can neither leave nor be removed (`409`).",
    request: { params: MemberParam },
    responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const { id, user_id } = c.req.valid("param");
    await removeMember(c.get("db"), caller, id, user_id);
    return c.body(null, 204);
  },
);
