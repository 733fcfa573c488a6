/**
 * Workable job boards (public, no key):
 * `GET https://apply.workable.com/api/v1/widget/accounts/{subdomain}?details=true`, every published
 * job with its description in one response (the widget API does not page). The account's `name`
 * is the employer unless the source names one.
 */
import { z } from "zod";
import { type Adapter, expectShape, parseJson } from "./types";

const Config = z
  .object({
    /** The account in `apply.workable.com/<subdomain>` (or `<subdomain>.workable.com`). */
    subdomain: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    company_name: z.string().trim().min(1).max(200).optional(),
    company_website: z.url().max(500).optional(),
  })
  .strict();

const Job = z.object({
  title: z.string().min(1).max(500),
  shortcode: z.string().min(1).max(100),
  employment_type: z.string().max(100).nullish(),
  telecommuting: z.boolean().nullish(),
  department: z.string().max(200).nullish(),
  url: z.string().max(2000).nullish(),
  shortlink: z.string().max(2000).nullish(),
  application_url: z.string().max(2000).nullish(),
  published_on: z.string().nullish(),
  created_at: z.string().nullish(),
  country: z.string().max(100).nullish(),
  city: z.string().max(200).nullish(),
  state: z.string().max(200).nullish(),
  experience: z.string().max(200).nullish(),
  description: z.string().max(500_000).nullish(),
  locations: z
    .array(
      z.object({
        country: z.string().max(100).nullish(),
        countryCode: z.string().max(10).nullish(),
        city: z.string().max(200).nullish(),
        region: z.string().max(200).nullish(),
        hidden: z.boolean().nullish(),
      }),
    )
    .nullish(),
});
const Payload = z.object({ name: z.string().max(200).nullish(), jobs: z.array(Job) });

export const workable: Adapter<z.infer<typeof Config>, null> = {
  kind: "workable",
  config: Config,
  credentials: null,
  companyOf: (c) => ({ name: c.company_name ?? c.subdomain, website: c.company_website ?? null }),
  firstPage: ({ config }) => ({
    url: `https://apply.workable.com/api/v1/widget/accounts/${encodeURIComponent(config.subdomain)}?details=true`,
    page: 1,
  }),
  parse(body, _request, { config }) {
    const data = expectShape(Payload, parseJson(body), "Workable");
    const account = config.company_name ? null : (data.name?.trim() ?? null);
    return {
      next: null,
      postings: data.jobs.map((j) => {
        const place = j.locations?.find((l) => !l.hidden) ?? null;
        const city = j.city || place?.city || null;
        const region = j.state || place?.region || null;
        const country = place?.countryCode || j.country || place?.country || null;
        const url = j.url ?? j.shortlink ?? null;
        return {
          externalId: j.shortcode,
          title: j.title,
          company: account || null,
          url,
          applyUrl: j.application_url ?? url,
          description: j.description ?? "",
          descriptionIsHtml: true,
          location: [city, region, j.country || place?.country].filter(Boolean).join(", ") || null,
          city,
          region,
          country,
          remote: j.telecommuting === true ? true : null,
          employmentType: j.employment_type ?? null,
          level: j.experience ?? null,
          department: j.department ?? null,
          postedAt: Date.parse(j.published_on ?? j.created_at ?? "") || null,
        };
      }),
    };
  },
};
