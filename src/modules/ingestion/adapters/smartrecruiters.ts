/**
 * SmartRecruiters postings (public, no key):
 * `GET https://api.smartrecruiters.com/v1/companies/{company_identifier}/postings?limit=100&offset=N`,
 * paged with `offset`/`limit` against `totalFound`. The list carries no description: the posting's
 * `jobAd.sections` are used when the list includes them, else the runner fetches the posting's detail
 * (`GET …/postings/{id}`, `detail` below) — only for postings that are new or whose `releasedDate` is
 * later than their last sighting, so an unchanged board costs no detail calls.
 */
import { z } from "zod";
import { type Adapter, expectShape, FeedError, parseJson } from "./types";

export const SMARTRECRUITERS_PAGE_SIZE = 100;

const Config = z
  .object({
    company_identifier: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    company_name: z.string().trim().min(1).max(200).optional(),
    company_website: z.url().max(500).optional(),
  })
  .strict();

const Label = z.object({ label: z.string().max(200).nullish() }).nullish();
const Section = z.object({ title: z.string().max(500).nullish(), text: z.string().max(200_000).nullish() }).nullish();

const Posting = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(500),
  releasedDate: z.string().nullish(),
  ref: z.string().max(2000).nullish(),
  company: z.object({ name: z.string().max(200).nullish(), identifier: z.string().max(200).nullish() }).nullish(),
  location: z
    .object({
      city: z.string().max(200).nullish(),
      region: z.string().max(200).nullish(),
      country: z.string().max(100).nullish(),
      remote: z.boolean().nullish(),
      hybrid: z.boolean().nullish(),
      fullLocation: z.string().max(500).nullish(),
    })
    .nullish(),
  department: Label,
  function: Label,
  typeOfEmployment: Label,
  experienceLevel: Label,
  jobAd: z
    .object({
      sections: z
        .object({
          companyDescription: Section,
          jobDescription: Section,
          qualifications: Section,
          additionalInformation: Section,
        })
        .nullish(),
    })
    .nullish(),
});
const Payload = z.object({
  offset: z.number().int().min(0),
  limit: z.number().int().min(0),
  totalFound: z.number().int().min(0),
  content: z.array(Posting),
});

function pageUrl(config: z.infer<typeof Config>, offset: number): string {
  return `https://api.smartrecruiters.com/v1/companies/${encodeURIComponent(config.company_identifier)}/postings?limit=${SMARTRECRUITERS_PAGE_SIZE}&offset=${offset}`;
}

function sectionsHtml(sections: NonNullable<NonNullable<z.infer<typeof Posting>["jobAd"]>["sections"]>): string {
  return [sections.jobDescription, sections.qualifications, sections.additionalInformation, sections.companyDescription]
    .filter((s) => s?.text)
    .map((s) => `${s?.title ? `<h3>${s.title}</h3>` : ""}${s?.text ?? ""}`)
    .join("");
}

/** The detail of one posting: the list's fields plus `jobAd.sections` (HTML). */
const Detail = Posting.extend({
  jobAd: z.object({
    sections: z.object({
      companyDescription: Section,
      jobDescription: Section,
      qualifications: Section,
      additionalInformation: Section,
    }),
  }),
});

function detailUrl(config: z.infer<typeof Config>, id: string): string {
  return `https://api.smartrecruiters.com/v1/companies/${encodeURIComponent(config.company_identifier)}/postings/${encodeURIComponent(id)}`;
}

export const smartrecruiters: Adapter<z.infer<typeof Config>, null> = {
  kind: "smartrecruiters",
  config: Config,
  credentials: null,
  companyOf: (c) => ({ name: c.company_name ?? c.company_identifier, website: c.company_website ?? null }),
  firstPage: ({ config }) => ({ url: pageUrl(config, 0), page: 1 }),
  parse(body, request, { config }) {
    const data = expectShape(Payload, parseJson(body), "SmartRecruiters");
    const end = data.offset + data.content.length;
    // An empty page ends the run even if totalFound says otherwise (postings closed meanwhile).
    const next =
      data.content.length > 0 && end < data.totalFound ? { url: pageUrl(config, end), page: request.page + 1 } : null;
    return {
      next,
      postings: data.content.map((p) => {
        // The public posting page; `ref` is the API's own URL of the posting, not for people.
        const url = `https://jobs.smartrecruiters.com/${encodeURIComponent(config.company_identifier)}/${encodeURIComponent(p.id)}`;
        const sections = p.jobAd?.sections ? sectionsHtml(p.jobAd.sections) : "";
        const loc = p.location;
        return {
          externalId: p.id,
          title: p.name,
          company: config.company_name ? null : (p.company?.name ?? null),
          url,
          applyUrl: url,
          description: sections,
          descriptionIsHtml: true,
          location: loc?.fullLocation ?? ([loc?.city, loc?.region, loc?.country].filter(Boolean).join(", ") || null),
          city: loc?.city ?? null,
          region: loc?.region ?? null,
          // SmartRecruiters sends lower-case ISO codes (`de`).
          country: loc?.country ? loc.country.toUpperCase() : null,
          remote: loc?.remote === true ? true : null,
          hybrid: loc?.hybrid === true ? true : null,
          employmentType: p.typeOfEmployment?.label ?? null,
          level: p.experienceLevel?.label ?? null,
          department: p.department?.label ?? p.function?.label ?? null,
          postedAt: Date.parse(p.releasedDate ?? "") || null,
          revisedAt: Date.parse(p.releasedDate ?? "") || null,
        };
      }),
    };
  },
  detail: {
    // A list entry that carries its sections is complete.
    request: (posting, { config }) =>
      posting.description ? null : { url: detailUrl(config, posting.externalId), page: 1 },
    parse(body, posting) {
      const data = expectShape(Detail, parseJson(body), "SmartRecruiters posting");
      if (data.id !== posting.externalId) throw new FeedError("the SmartRecruiters posting detail is another posting");
      return { ...posting, description: sectionsHtml(data.jobAd.sections) };
    },
  },
};
