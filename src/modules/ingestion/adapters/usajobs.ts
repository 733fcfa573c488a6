/**
 * USAJobs search (key required, https://developer.usajobs.gov):
 * `GET https://data.usajobs.gov/api/search?Keyword=…&Page=N&ResultsPerPage=250` with the headers the
 * API requires: `Host: data.usajobs.gov`, `User-Agent: <the e-mail the key was issued to>` and
 * `Authorization-Key: <key>`. Paged by `Page` until `SearchResult.UserArea.NumberOfPages` or
 * `max_pages`. Like every search source, postings that leave the result window expire after two runs.
 * The key travels only in a header: the fetcher never puts headers into an error or a record.
 */
import { z } from "zod";
import { type Adapter, expectShape, parseJson } from "./types";

export const USAJOBS_PAGE_SIZE = 250;

const Config = z
  .object({
    keyword: z.string().trim().min(1).max(200).optional(),
    location_name: z.string().trim().min(1).max(200).optional(),
    /** Only postings opened in the last N days (USAJobs allows 0–60). */
    date_posted: z.number().int().min(0).max(60).optional(),
    max_pages: z.number().int().min(1).max(40).default(4),
  })
  .strict();

const Credentials = z
  .object({
    /** The e-mail address the key was requested with; USAJobs wants it as the User-Agent. */
    email: z.email().max(200),
    api_key: z.string().trim().min(1).max(200),
  })
  .strict();

/** USAJobs sends numbers as strings (`"99200.0"`). */
const Amount = z.union([z.string().max(50), z.number()]).nullish();

const Descriptor = z.object({
  PositionTitle: z.string().min(1).max(500),
  PositionURI: z.string().max(2000).nullish(),
  ApplyURI: z.array(z.string().max(2000)).nullish(),
  PositionLocationDisplay: z.string().max(1000).nullish(),
  PositionLocation: z
    .array(
      z.object({
        LocationName: z.string().max(500).nullish(),
        CityName: z.string().max(500).nullish(),
        CountrySubDivisionCode: z.string().max(200).nullish(),
        CountryCode: z.string().max(200).nullish(),
        Latitude: z.number().nullish(),
        Longitude: z.number().nullish(),
      }),
    )
    .nullish(),
  OrganizationName: z.string().max(300).nullish(),
  DepartmentName: z.string().max(300).nullish(),
  JobCategory: z.array(z.object({ Name: z.string().max(300).nullish() })).nullish(),
  PositionSchedule: z.array(z.object({ Name: z.string().max(100).nullish() })).nullish(),
  PositionOfferingType: z.array(z.object({ Name: z.string().max(100).nullish() })).nullish(),
  QualificationSummary: z.string().max(200_000).nullish(),
  PositionRemuneration: z
    .array(
      z.object({
        MinimumRange: Amount,
        MaximumRange: Amount,
        RateIntervalCode: z.string().max(50).nullish(),
        Description: z.string().max(100).nullish(),
      }),
    )
    .nullish(),
  PublicationStartDate: z.string().nullish(),
  ApplicationCloseDate: z.string().nullish(),
  UserArea: z
    .object({
      Details: z
        .object({
          JobSummary: z.string().max(200_000).nullish(),
          MajorDuties: z.array(z.string().max(50_000)).nullish(),
          RemoteIndicator: z.boolean().nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

const Payload = z.object({
  SearchResult: z.object({
    SearchResultCount: z.number().int().min(0),
    SearchResultCountAll: z.number().int().min(0),
    SearchResultItems: z.array(
      z.object({ MatchedObjectId: z.string().min(1).max(100), MatchedObjectDescriptor: Descriptor }),
    ),
    UserArea: z
      .object({ NumberOfPages: z.union([z.string().regex(/^\d{1,6}$/), z.number().int()]).nullish() })
      .nullish(),
  }),
});

type UsaConfig = z.infer<typeof Config>;
type UsaCredentials = z.infer<typeof Credentials>;

function pageRequest(config: UsaConfig, credentials: UsaCredentials, page: number) {
  const q = new URLSearchParams({ Page: String(page), ResultsPerPage: String(USAJOBS_PAGE_SIZE) });
  if (config.keyword) q.set("Keyword", config.keyword);
  if (config.location_name) q.set("LocationName", config.location_name);
  if (config.date_posted !== undefined) q.set("DatePosted", String(config.date_posted));
  return {
    url: `https://data.usajobs.gov/api/search?${q}`,
    headers: { Host: "data.usajobs.gov", "User-Agent": credentials.email, "Authorization-Key": credentials.api_key },
    page,
  };
}

const amount = (v: string | number | null | undefined) => {
  const n = typeof v === "number" ? v : Number(v ?? "");
  return v != null && v !== "" && Number.isFinite(n) ? n : null;
};

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const usajobs: Adapter<UsaConfig, UsaCredentials> = {
  kind: "usajobs",
  config: Config,
  credentials: Credentials,
  // Every posting names its agency.
  companyOf: () => null,
  firstPage: ({ config, credentials }) => pageRequest(config, credentials, 1),
  parse(body, request, { config, credentials }) {
    const { SearchResult: result } = expectShape(Payload, parseJson(body), "USAJobs");
    const pages = Number(result.UserArea?.NumberOfPages ?? 1);
    const more = result.SearchResultItems.length > 0 && request.page < pages && request.page < config.max_pages;
    return {
      next: more ? pageRequest(config, credentials, request.page + 1) : null,
      postings: result.SearchResultItems.map(({ MatchedObjectId: id, MatchedObjectDescriptor: d }) => {
        const place = d.PositionLocation?.[0];
        const pay = d.PositionRemuneration?.[0];
        const details = d.UserArea?.Details;
        // Plain text fields, assembled as HTML so the sanitiser keeps the paragraphs.
        const parts = [
          details?.JobSummary,
          ...(details?.MajorDuties ?? []),
          d.QualificationSummary ? `Qualifications: ${d.QualificationSummary}` : null,
        ].filter((p): p is string => Boolean(p));
        return {
          externalId: id,
          title: d.PositionTitle,
          company: d.OrganizationName ?? d.DepartmentName ?? null,
          url: d.PositionURI ?? null,
          applyUrl: d.ApplyURI?.[0] ?? d.PositionURI ?? null,
          description: parts.map((p) => `<p>${escapeHtml(p)}</p>`).join(""),
          descriptionIsHtml: true,
          location: d.PositionLocationDisplay ?? place?.LocationName ?? null,
          // `CityName` is `Washington, District of Columbia`: the city is its first part.
          city: place?.CityName?.split(",")[0]?.trim() || null,
          region: place?.CountrySubDivisionCode ?? null,
          country: place?.CountryCode ?? null,
          lat: place?.Latitude ?? null,
          lng: place?.Longitude ?? null,
          remote: details?.RemoteIndicator === true ? true : null,
          employmentType:
            [d.PositionSchedule?.[0]?.Name, d.PositionOfferingType?.[0]?.Name].filter(Boolean).join(" ") || null,
          salary: pay
            ? {
                min: amount(pay.MinimumRange),
                max: amount(pay.MaximumRange),
                currency: "USD",
                // `PA` per annum, `PH` per hour, `PD` per day (or the `Description`, `Per Year`).
                period: pay.RateIntervalCode ?? pay.Description ?? null,
              }
            : null,
          // The OPM occupational series' name (`Information Technology Management`).
          category: d.JobCategory?.[0]?.Name ?? null,
          postedAt: Date.parse(d.PublicationStartDate ?? "") || null,
        };
      }),
    };
  },
};
