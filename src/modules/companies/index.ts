/** The companies module's face: what other modules and the composition roots may use. */
export { companiesForSitemap } from "./crawl";
export {
  type ImportedCompanies,
  type ImportedCompanyRef,
  importedCompanyKey,
  matchOrCreateImportedCompanies,
} from "./imported";
export { companyIdsOf, getMembership, requireCompanyAccess } from "./membership";
export { companyJsonLd, presentCompany } from "./presenters";
export { IdOrSlugParam, PageQuery } from "./schemas";
export { companyExists, getCompany, recomputeRating, refreshOpenJobsCount } from "./service";
