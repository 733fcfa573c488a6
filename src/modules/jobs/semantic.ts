/**
 * Optional semantic similarity (issue #22): Workers AI embeddings of a job's
 * text in a Vectorize index, blended into similar jobs and recommendations.
 *
 * Active only when the Worker has BOTH bindings, `AI` (Workers AI) and
 * `VECTORIZE` (an index of 384 dimensions, cosine, for bge-small-en-v1.5).
 * Neither has a local simulator, so wrangler.toml keeps them commented out and
 * every test and the default setup run without them: `semanticIndex(env)` is
 * then `null` and nothing here is called. The bindings are read structurally
 * (a `run` function, `upsert`/`query` functions), so a test can hand in a test
 * double of the same shape and the generated Env type needs no optional members.
 */

import type { JobRow } from "../../platform/db/schema";

/** Workers AI text-embedding model: 384 dimensions, English. */
export const EMBEDDING_MODEL = "@cf/baai/bge-small-en-v1.5";
/** Characters of the description embedded after title, category and skills (the model reads 512 tokens). */
const DESCRIPTION_CHARS = 1_200;

/** The part of `env.AI` used here: `run(model, { text })` → `{ data: number[][] }`, one vector per text. */
export interface Embedder {
  run(model: string, input: { text: string[] }): Promise<unknown>;
}

/** The part of a Vectorize index used here. */
export interface VectorIndex {
  upsert(vectors: { id: string; values: number[]; metadata?: Record<string, string> }[]): Promise<unknown>;
  query(vector: number[], options: { topK: number }): Promise<unknown>;
}

export interface SemanticIndex {
  ai: Embedder;
  index: VectorIndex;
}

function isEmbedder(v: unknown): v is Embedder {
  return typeof v === "object" && v !== null && "run" in v && typeof v.run === "function";
}

function isVectorIndex(v: unknown): v is VectorIndex {
  return (
    typeof v === "object" &&
    v !== null &&
    "upsert" in v &&
    typeof v.upsert === "function" &&
    "query" in v &&
    typeof v.query === "function"
  );
}

/** The semantic index when both bindings are configured; `null` otherwise (the default setup). */
export function semanticIndex(env: object): SemanticIndex | null {
  const ai = "AI" in env ? env.AI : undefined;
  const index = "VECTORIZE" in env ? env.VECTORIZE : undefined;
  return isEmbedder(ai) && isVectorIndex(index) ? { ai, index } : null;
}

/** What is embedded for a job: title, category, skills and the start of the description. */
export function jobEmbeddingText(job: Pick<JobRow, "title" | "skills" | "description">, category?: string | null) {
  const skills = job.skills.map((s) => s.name).join(", ");
  return [job.title, category ?? "", skills ? `Skills: ${skills}` : "", job.description.slice(0, DESCRIPTION_CHARS)]
    .filter(Boolean)
    .join(". ");
}

/** One embedding per text, in order; throws on a response of another shape (the queue then retries). */
export async function embed(sem: SemanticIndex, texts: string[]): Promise<number[][]> {
  if (!texts.length) return [];
  const out = await sem.ai.run(EMBEDDING_MODEL, { text: texts });
  const data = typeof out === "object" && out !== null && "data" in out ? out.data : undefined;
  if (
    !Array.isArray(data) ||
    data.length !== texts.length ||
    !data.every((v): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number"))
  ) {
    throw new Error(`${EMBEDDING_MODEL} returned no embedding per text`);
  }
  return data;
}

/** Embeds and upserts jobs (id = job id, so re-publishing replaces the vector). */
export async function indexJobs(
  sem: SemanticIndex,
  jobs: { id: string; text: string; categoryId: string | null }[],
): Promise<number> {
  if (!jobs.length) return 0;
  const vectors = await embed(
    sem,
    jobs.map((j) => j.text),
  );
  await sem.index.upsert(
    jobs.map((j, i) => {
      const metadata: Record<string, string> = {};
      if (j.categoryId) metadata.category_id = j.categoryId;
      return { id: j.id, values: vectors[i] ?? [], metadata };
    }),
  );
  return jobs.length;
}

/**
 * The nearest indexed jobs to each text (cosine score, best per job over all texts), without
 * the `exclude` ids. One embedding call for all texts, one query per text.
 */
export async function nearestJobs(
  sem: SemanticIndex,
  texts: string[],
  topK: number,
  exclude: ReadonlySet<string> = new Set(),
): Promise<Map<string, number>> {
  const vectors = await embed(sem, texts);
  const answers = await Promise.all(vectors.map((v) => sem.index.query(v, { topK })));
  const best = new Map<string, number>();
  for (const answer of answers) {
    const matches = typeof answer === "object" && answer !== null && "matches" in answer ? answer.matches : [];
    if (!Array.isArray(matches)) continue;
    for (const m of matches) {
      if (typeof m !== "object" || m === null || !("id" in m) || !("score" in m)) continue;
      const id = String(m.id);
      const score = Number(m.score);
      if (exclude.has(id) || !Number.isFinite(score)) continue;
      if ((best.get(id) ?? Number.NEGATIVE_INFINITY) < score) best.set(id, score);
    }
  }
  return best;
}

/**
 * Points for semantic closeness: cosine scores of bge-small sit around 0.5–0.6 for unrelated
 * job texts and 0.8–0.9 for the same role, so only the part above SEMANTIC_FLOOR counts.
 */
export const SEMANTIC_FLOOR = 0.6;
export function semanticPoints(score: number | undefined, max: number): number {
  if (score === undefined || score <= SEMANTIC_FLOOR) return 0;
  return max * Math.min(1, (score - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR));
}
