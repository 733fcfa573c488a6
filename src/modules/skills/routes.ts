import { createRouter, defineRoute, errorResponses, jsonResponse } from "../../http/openapi";
import { edgeCache } from "../../platform/cache";
import { SkillSuggestionList, SkillsQuery } from "./schemas";
import { autocomplete } from "./service";

export const skillsRouter = createRouter();

const suggestionsCache = edgeCache("skills.suggestions");

skillsRouter.openapi(
  defineRoute({
    method: "get",
    path: "/skills",
    access: { public: true },
    operationId: "listSkills",
    tags: ["Skills"],
    summary: "Autocomplete over the skills taxonomy (names and aliases)",
    description:
      "Prefix match on canonical names and aliases (`k8s` → Kubernetes), exact matches first, then by popularity " +
      "(how many jobs and profiles use the skill). Without `q`, the most popular skills. Cached for a minute.",
    request: { query: SkillsQuery },
    responses: { 200: jsonResponse(SkillSuggestionList, "Up to `limit` suggestions"), ...errorResponses(400) },
  }),
  async (c) => {
    const { q, limit } = c.req.valid("query");
    const headers = { "Cache-Control": suggestionsCache.cacheControl };
    // The cached entry is checked against the schema: that keeps the answer typed, and an
    // entry written by an older deploy in another shape counts as a miss.
    const hit = await suggestionsCache.match({ q, limit });
    const cached = hit ? SkillSuggestionList.safeParse(await hit.json()) : undefined;
    if (cached?.success) return c.json(cached.data, 200, { ...headers, "X-Cache": "HIT" });
    const rows = await autocomplete(c.get("db"), q, limit);
    const body = {
      data: rows.map((r) => ({
        id: r.id,
        name: r.name,
        slug: r.slug,
        category: r.category,
        popularity: r.popularity,
        matched_alias: r.matchedAlias,
      })),
    };
    const entry = new Response(JSON.stringify(body), { headers: { ...headers, "Content-Type": "application/json" } });
    const stored = suggestionsCache.put({ q, limit }, entry);
    if (stored) c.executionCtx.waitUntil(stored);
    return c.json(body, 200, { ...headers, "X-Cache": "MISS" });
  },
);
