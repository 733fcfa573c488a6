/**
 * Ashby job boards (public, no key):
 * `GET https://api.ashbyhq.com/posting-api/job-board/{name}?includeCompensation=true`,
 * every listed posting in one response. Unlisted postings (`isListed: false`) are skipped.
 */
import { z } from "zod";
import { type Adapter, expectShape, parseJson } from "./types";

const Config = z
  .object({
    board_name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
    company_name: z.string().trim().min(1).max(200).optional(),
    company_website: z.url().max(500).optional(),
  })
  .strict();

const Address = z
  .object({
    postalAddress: z
      .object({
        addressLocality: z.string().max(200).nullish(),
        addressRegion: z.string().max(200).nullish(),
        addressCountry: z.string().max(200).nullish(),
      })
      .nullish(),
  })
  .nullish();

const Job = z.object({
  id: z.string().min(1).max(200),
  title: z.string().min(1).max(500),
  department: z.string().max(200).nullish(),
  team: z.string().max(200).nullish(),
  employmentType: z.string().max(50).nullish(),
  location: z.string().max(500).nullish(),
  publishedAt: z.string().nullish(),
  isListed: z.boolean().nullish(),
  isRemote: z.boolean().nullish(),
  workplaceType: z.string().max(50).nullish(),
  address: Address,
  jobUrl: z.string().max(2000).nullish(),
  applyUrl: z.string().max(2000).nullish(),
  descriptionHtml: z.string().max(500_000).nullish(),
  descriptionPlain: z.string().max(500_000).nullish(),
  compensation: z
    .object({
      scrapeableCompensationSalarySummary: z.string().max(500).nullish(),
      summaryComponents: z
        .array(
          z.object({
            compensationType: z.string().max(50).nullish(),
            interval: z.string().max(50).nullish(),
            currencyCode: z.string().max(10).nullish(),
            minValue: z.number().nullish(),
            maxValue: z.number().nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
const Payload = z.object({ jobs: z.array(Job) });

export const ashby: Adapter<z.infer<typeof Config>, null> = {
  kind: "ashby",
  config: Config,
  credentials: null,
  companyOf: (c) => ({ name: c.company_name ?? c.board_name, website: c.company_website ?? null }),
  firstPage: ({ config }) => ({
    url: `https://api.ashbyhq.com/posting-api/job-board/${encodeURIComponent(config.board_name)}?includeCompensation=true`,
    page: 1,
  }),
  parse(body) {
    const data = expectShape(Payload, parseJson(body), "Ashby");
    return {
      next: null,
      postings: data.jobs
        .filter((j) => j.isListed !== false)
        .map((j) => {
          const salary = j.compensation?.summaryComponents?.find((c) => c.compensationType === "Salary");
          const postal = j.address?.postalAddress;
          const workplace = (j.workplaceType ?? "").toLowerCase();
          return {
            externalId: j.id,
            title: j.title,
            company: null,
            url: j.jobUrl ?? null,
            applyUrl: j.applyUrl ?? j.jobUrl ?? null,
            description: j.descriptionHtml ?? j.descriptionPlain ?? "",
            descriptionIsHtml: j.descriptionHtml != null,
            location: j.location ?? null,
            city: postal?.addressLocality ?? null,
            region: postal?.addressRegion ?? null,
            country: postal?.addressCountry ?? null,
            remote: j.isRemote === true || workplace === "remote" ? true : null,
            hybrid: workplace === "hybrid" ? true : null,
            employmentType: j.employmentType ?? null,
            department: j.department ?? j.team ?? null,
            salary: salary
              ? {
                  min: salary.minValue ?? null,
                  max: salary.maxValue ?? null,
                  currency: salary.currencyCode ?? null,
                  period: salary.interval ?? null,
                }
              : null,
            salaryText: j.compensation?.scrapeableCompensationSalarySummary ?? null,
            postedAt: Date.parse(j.publishedAt ?? "") || null,
          };
        }),
    };
  },
};
