/**
 * Greenhouse job boards (public, no key): one call lists every open posting
 * with its content, `GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true`.
 * `content` is HTML, entity-escaped once more (`&lt;p&gt;`).
 */
import { z } from "zod";
import { type Adapter, expectShape, parseJson } from "./types";

const Config = z
  .object({
    board_token: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    company_name: z.string().trim().min(1).max(200).optional(),
    company_website: z.url().max(500).optional(),
  })
  .strict();

const Job = z.object({
  id: z.number().int(),
  title: z.string().min(1).max(500),
  absolute_url: z.string().max(2000).nullish(),
  updated_at: z.string().nullish(),
  first_published: z.string().nullish(),
  company_name: z.string().max(200).nullish(),
  location: z.object({ name: z.string().max(500).nullish() }).nullish(),
  content: z.string().max(500_000).nullish(),
  departments: z.array(z.object({ name: z.string().max(200) })).nullish(),
  metadata: z.array(z.object({ name: z.string().max(200), value: z.unknown() })).nullish(),
});
const Payload = z.object({ jobs: z.array(Job), meta: z.object({ total: z.number().int() }).partial().nullish() });

/** Greenhouse double-escapes `content`: decode the entity layer so the HTML sanitiser sees tags. */
function unescapeOnce(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) =>
    e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "#39" ? "'" : "&",
  );
}

function metadataText(meta: { name: string; value: unknown }[] | null | undefined, pattern: RegExp): string | null {
  const hit = meta?.find((m) => pattern.test(m.name));
  return typeof hit?.value === "string" ? hit.value : null;
}

export const greenhouse: Adapter<z.infer<typeof Config>, null> = {
  kind: "greenhouse",
  config: Config,
  credentials: null,
  companyOf: (c) => ({ name: c.company_name ?? c.board_token, website: c.company_website ?? null }),
  firstPage: ({ config }) => ({
    url: `https://boards-api.greenhouse.io/v1/boards/${encodeURIComponent(config.board_token)}/jobs?content=true`,
    page: 1,
  }),
  parse(body) {
    const data = expectShape(Payload, parseJson(body), "Greenhouse");
    return {
      next: null,
      postings: data.jobs.map((j) => ({
        externalId: String(j.id),
        title: j.title,
        company: j.company_name ?? null,
        url: j.absolute_url ?? null,
        applyUrl: j.absolute_url ?? null,
        description: unescapeOnce(j.content ?? ""),
        descriptionIsHtml: true,
        location: j.location?.name ?? null,
        department: j.departments?.[0]?.name ?? null,
        employmentType: metadataText(j.metadata, /employment|job type|commitment/i),
        salaryText: metadataText(j.metadata, /salary|compensation|pay/i),
        postedAt: Date.parse(j.first_published ?? j.updated_at ?? "") || null,
      })),
    };
  },
};
