/**
 * CRUD routes for the seeker's profile sections. All four sections share one
 * shape (list, create, update by id, delete by id; seeker only; someone else's
 * id is `404`), so they are declared from one table of configurations.
 */
import type { z } from "@hono/zod-openapi";
import { requireRole } from "../../http/access";
import { defineRoute, errorResponses, jsonBody, jsonResponse, type Router } from "../../http/openapi";
import type { Db } from "../../platform/db/client";
import { certifications, education, experience, portfolioItems } from "../../platform/db/schema";
import { presentCertification, presentEducation, presentExperience, presentPortfolioItem } from "./presenters";
import {
  CertificationInput,
  CertificationPatch,
  CertificationSchema,
  EducationInput,
  EducationPatch,
  EducationSchema,
  ExperienceInput,
  ExperiencePatch,
  ExperienceSchema,
  IdParam,
  listOf,
  PortfolioInput,
  PortfolioPatch,
  PortfolioSchema,
} from "./section-schemas";
import * as sections from "./sections";

interface Section<Row, Input, Patch> {
  path: string;
  /** operationId stems: listExperience, createExperience, … */
  plural: string;
  singular: string;
  label: string;
  input: z.ZodType<Input>;
  patch: z.ZodType<Patch>;
  output: z.ZodType;
  table: Parameters<typeof sections.deleteOwned>[1];
  list: (db: Db, userId: string) => Promise<Row[]>;
  create: (db: Db, userId: string, input: Input) => Promise<Row>;
  update: (db: Db, userId: string, id: string, patch: Patch) => Promise<Row>;
  present: (row: Row) => unknown;
}

/**
 * A section's routes, registered later on the router. The closure keeps each
 * section's own row and body types, so the four can share one list and the
 * handlers still type-check what they pass to the service.
 */
const define =
  <Row, Input, Patch>(s: Section<Row, Input, Patch>) =>
  (router: Router) =>
    registerSection(router, s);

const SECTIONS = [
  define({
    path: "experience",
    plural: "Experience",
    singular: "Experience",
    label: "work experience",
    input: ExperienceInput,
    patch: ExperiencePatch,
    output: ExperienceSchema,
    table: experience,
    list: sections.listExperience,
    create: sections.createExperience,
    update: sections.updateExperience,
    present: presentExperience,
  }),
  define({
    path: "education",
    plural: "Education",
    singular: "Education",
    label: "education",
    input: EducationInput,
    patch: EducationPatch,
    output: EducationSchema,
    table: education,
    list: sections.listEducation,
    create: sections.createEducation,
    update: sections.updateEducation,
    present: presentEducation,
  }),
  define({
    path: "certifications",
    plural: "Certifications",
    singular: "Certification",
    label: "certification",
    input: CertificationInput,
    patch: CertificationPatch,
    output: CertificationSchema,
    table: certifications,
    list: sections.listCertifications,
    create: sections.createCertification,
    update: sections.updateCertification,
    present: presentCertification,
  }),
  define({
    path: "portfolio",
    plural: "PortfolioItems",
    singular: "PortfolioItem",
    label: "portfolio item",
    input: PortfolioInput,
    patch: PortfolioPatch,
    output: PortfolioSchema,
    table: portfolioItems,
    list: sections.listPortfolio,
    create: sections.createPortfolioItem,
    update: sections.updatePortfolioItem,
    present: presentPortfolioItem,
  }),
];

const tags = ["Profiles"];

export function registerSectionRoutes(router: Router): void {
  for (const register of SECTIONS) register(router);
}

function registerSection<Row, Input, Patch>(router: Router, s: Section<Row, Input, Patch>): void {
  const base = `/profile/${s.path}`;
  router.openapi(
    defineRoute({
      method: "get",
      path: base,
      access: { roles: ["seeker"], scope: "profile:read" },
      operationId: `list${s.plural}`,
      tags,
      summary: `Your ${s.label} entries`,
      responses: {
        200: jsonResponse(listOf(s.output, `${s.singular}List`), `Your ${s.label} entries`),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const caller = requireRole(c, "seeker");
      const rows = await s.list(c.get("db"), caller.userId);
      return c.json({ data: rows.map(s.present), next_cursor: null }, 200);
    },
  );
  router.openapi(
    defineRoute({
      method: "post",
      path: base,
      access: { roles: ["seeker"], scope: "profile:write" },
      operationId: `create${s.singular}`,
      tags,
      summary: `Add a ${s.label} entry`,
      request: { body: jsonBody(s.input) },
      responses: {
        201: jsonResponse(s.output, "Created"),
        ...errorResponses(400, 401, 403, 409),
      },
    }),
    async (c) => {
      const caller = requireRole(c, "seeker");
      const row = await s.create(c.get("db"), caller.userId, c.req.valid("json"));
      return c.json(s.present(row), 201);
    },
  );
  router.openapi(
    defineRoute({
      method: "patch",
      path: `${base}/{id}`,
      access: { roles: ["seeker"], scope: "profile:write" },
      operationId: `update${s.singular}`,
      tags,
      summary: `Change a ${s.label} entry`,
      request: { params: IdParam, body: jsonBody(s.patch) },
      responses: { 200: jsonResponse(s.output, "Updated"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const caller = requireRole(c, "seeker");
      const row = await s.update(c.get("db"), caller.userId, c.req.valid("param").id, c.req.valid("json"));
      return c.json(s.present(row), 200);
    },
  );
  router.openapi(
    defineRoute({
      method: "delete",
      path: `${base}/{id}`,
      access: { roles: ["seeker"], scope: "profile:write" },
      operationId: `delete${s.singular}`,
      tags,
      summary: `Delete a ${s.label} entry`,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const caller = requireRole(c, "seeker");
      const what = s.label.charAt(0).toUpperCase() + s.label.slice(1);
      await sections.deleteOwned(c.get("db"), s.table, caller.userId, c.req.valid("param").id, what);
      return c.body(null, 204);
    },
  );
}
