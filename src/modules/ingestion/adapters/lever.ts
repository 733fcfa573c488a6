/**
 * Lever postings (public, no key): `GET https://api.lever.co/v0/postings/{company}?mode=json`,
 * paged with `skip` and `limit` (a page shorter than `limit` is the last).
 */
import { z } from "zod";
import { type Adapter, expectShape, parseJson } from "./types";

export const LEVER_PAGE_SIZE = 100;

const Config = z
  .object({
    company: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    company_name: z.string().trim().min(1).max(200).optional(),
    company_website: z.url().max(500).optional(),
    /** Lever's EU data centre serves api.eu.lever.co. */
    region: z.enum(["global", "eu"]).default("global"),
  })
  .strict();

const Posting = z.object({
  id: z.string().min(1).max(200),
  text: z.string().min(1).max(500),
  categories: z
    .object({
      commitment: z.string().max(200).nullish(),
      department: z.string().max(200).nullish(),
      location: z.string().max(500).nullish(),
      team: z.string().max(200).nullish(),
    })
    .nullish(),
  country: z.string().max(10).nullish(),
  createdAt: z.number().nullish(),
  description: z.string().max(500_000).nullish(),
  descriptionPlain: z.string().max(500_000).nullish(),
  lists: z.array(z.object({ text: z.string().max(500), content: z.string().max(200_000) })).nullish(),
  additional: z.string().max(200_000).nullish(),
  hostedUrl: z.string().max(2000).nullish(),
  applyUrl: z.string().max(2000).nullish(),
  workplaceType: z.string().max(50).nullish(),
  salaryRange: z
    .object({
      currency: z.string().max(10).nullish(),
      interval: z.string().max(50).nullish(),
      min: z.number().nullish(),
      max: z.number().nullish(),
    })
    .nullish(),
  salaryDescriptionPlain: z.string().max(2000).nullish(),
});

function pageUrl(config: z.infer<typeof Config>, skip: number): string {
  const host = config.region === "eu" ? "api.eu.lever.co" : "api.lever.co";
  return `https://${host}/v0/postings/${encodeURIComponent(config.company)}?mode=json&skip=${skip}&limit=${LEVER_PAGE_SIZE}`;
}

export const lever: Adapter<z.infer<typeof Config>, null> = {
  kind: "lever",
  config: Config,
  credentials: null,
  companyOf: (c) => ({ name: c.company_name ?? c.company, website: c.company_website ?? null }),
  firstPage: ({ config }) => ({ url: pageUrl(config, 0), page: 1 }),
  parse(body, request, { config }) {
    const postings = expectShape(z.array(Posting), parseJson(body), "Lever");
    const next =
      postings.length === LEVER_PAGE_SIZE
        ? { url: pageUrl(config, request.page * LEVER_PAGE_SIZE), page: request.page + 1 }
        : null;
    return {
      next,
      postings: postings.map((p) => {
        const lists = (p.lists ?? []).map((l) => `<h3>${l.text}</h3><ul>${l.content}</ul>`).join("");
        const workplace = (p.workplaceType ?? "").toLowerCase();
        return {
          externalId: p.id,
          title: p.text,
          company: null,
          url: p.hostedUrl ?? null,
          applyUrl: p.applyUrl ?? p.hostedUrl ?? null,
          description: `${p.description ?? ""}${lists}${p.additional ?? ""}`,
          descriptionIsHtml: true,
          location: p.categories?.location ?? null,
          country: p.country ?? null,
          remote: workplace === "remote" ? true : null,
          hybrid: workplace === "hybrid" ? true : null,
          employmentType: p.categories?.commitment ?? null,
          department: p.categories?.department ?? p.categories?.team ?? null,
          salary: p.salaryRange
            ? {
                min: p.salaryRange.min ?? null,
                max: p.salaryRange.max ?? null,
                currency: p.salaryRange.currency ?? null,
                period: p.salaryRange.interval ?? null,
              }
            : null,
          salaryText: p.salaryDescriptionPlain ?? null,
          postedAt: p.createdAt ?? null,
        };
      }),
    };
  },
};
