import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { presentCompany } from "./presenters";
import { CompanySchema, IdParam } from "./schemas";
import { setVerified } from "./service";

const tags = ["Admin"];

/** Mounted at `/api/v1/admin`. */
export const companiesAdminRouter = createRouter();

companiesAdminRouter.openapi(
  defineRoute({
    method: "post",
    path: "/companies/{id}/verify",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "verifyCompany",
    tags,
    summary: "Mark a company verified (its jobs then publish without review)",
    request: { params: IdParam },
    responses: { 200: jsonResponse(CompanySchema, "The company"), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, "admin");
    const row = await setVerified(c.get("db"), c.env, caller, c.req.valid("param").id, true);
    return c.json(presentCompany(row), 200);
  },
);

companiesAdminRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/companies/{id}/verify",
    access: { roles: ["admin"], scope: "admin:write" },
    operationId: "unverifyCompany",
    tags,
    summary: "Withdraw a company's verification",
    request: { params: IdParam },
    responses: { 200: jsonResponse(CompanySchema, "The company"), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const caller = requireRole(c, "admin");
    const row = await setVerified(c.get("db"), c.env, caller, c.req.valid("param").id, false);
    return c.json(presentCompany(row), 200);
  },
);
