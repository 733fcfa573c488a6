/** `GET /companies/{id}/candidates`: the company's candidates, for connectors that sync them (src/modules/sync). */
import { requireRole } from "../../http/access";
import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { listCompanyCandidates } from "./candidates";
import { CandidateList, CandidateListQuery, IdParam } from "./schemas";

export const candidatesRouter = createRouter();

candidatesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/companies/{id}/candidates",
    access: { roles: ["employer", "admin"], scope: "applications:read" },
    operationId: "listCompanyCandidates",
    tags: ["Applications"],
    summary: "Everyone who applied to the company's jobs, with their profiles (company members)",
    description:
      "Each candidate once, with the applicant fields of their applications and their profile as " +
      "`GET /users/{username}` shows it to you (null when it is private). In `(updated_at, id)` order, oldest change " +
      "first. With `updated_since`: only changes since, and `deleted` lists candidates who stopped being visible to " +
      "the company (none of their applications is left: deleted, or the account erased). A withdrawn application " +
      "keeps its candidate. See docs/integrations.md.",
    request: { params: IdParam, query: CandidateListQuery },
    responses: {
      200: jsonResponse(CandidateList, "A page of candidates"),
      ...errorResponses(400, 401, 403, 404, 410),
    },
  }),
  async (c) => {
    const auth = requireRole(c, "employer", "admin");
    const found = await listCompanyCandidates(
      c.get("db"),
      auth,
      c.req.valid("param").id,
      c.req.valid("query"),
      new URL(c.req.url).origin,
    );
    return c.json(found, 200, { "Cache-Control": "private, no-store" });
  },
);
