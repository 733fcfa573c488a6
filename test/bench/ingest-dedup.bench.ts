/**
 * `npm run bench -- --ingest` (bench/ingest.mjs runs this file through
 * bench/vitest.ingest.config.ts): dedup quality of the ingestion pipeline on the
 * labelled set of bench/ingest-world.mjs. Every posting goes through the real
 * normaliser (normalizePosting), the pipeline's geocoding (`geocoded`, against the
 * cities of local D1) and the real fingerprint (fingerprintOf, as the pipeline stores it); a pair is merged when the pipeline would merge it — the
 * same canonical URL, or SimHashes within NEAR_DUPLICATE_DISTANCE (which the
 * band lookup always finds: 3 differing bits leave one of 4 bands equal).
 * Reports precision/recall over the labelled pairs, per kind, and false merges
 * over every cross-board pair of the set. The figures leave workerd as one marked line.
 */
import { env } from "cloudflare:test";
import { inject, it } from "vitest";
import { ingestWorld } from "../../bench/ingest-world.mjs";
import { containment, type DedupKey, sameJob } from "../../src/modules/ingestion/fingerprint";
import { normalizePosting } from "../../src/modules/ingestion/normalize";
import { dedupKeyOf, geocoded } from "../../src/modules/ingestion/pipeline";
import { createDb } from "../../src/platform/db/client";

it("measures near-duplicate precision and recall on the labelled set", async () => {
  const options = inject("ingestDedup");
  const { postings, pairs } = ingestWorld({ jobs: options.jobs, seed: options.seed });
  const now = Date.UTC(2026, 11, 3);
  // Geocoded as the pipeline does before keying (the gazetteer's city name is the key's city).
  const located = await geocoded(
    createDb(env.DB),
    postings.map((p) => normalizePosting(p.raw, now)),
  );
  const norm = located.map((n, i) => ({
    source: postings[i]?.source,
    url: n.canonicalUrl,
    key: dedupKeyOf(n, n.company ?? ""),
  }));
  // A candidate shares an LSH band key (the pipeline probes only those), then must pass sameJob.
  const candidate = (a: DedupKey, b: DedupKey) => a.bands.some((x, k) => x === b.bands[k]);
  let candidates = 0;
  const merged = (i: number, j: number) => {
    const a = norm[i];
    const b = norm[j];
    if (!a || !b) return { merged: false, distance: 0, by: "none", candidate: false };
    const distance = containment(a.key, b.key);
    const isCandidate = candidate(a.key, b.key);
    if (a.url && a.url === b.url) return { merged: true, distance, by: "url", candidate: isCandidate };
    return { merged: isCandidate && sameJob(a.key, b.key), distance, by: "near", candidate: isCandidate };
  };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const kinds = new Map<
    string,
    { duplicate: boolean; pairs: number; merged: number; by_url: number; candidates: number; distances: number[] }
  >();
  // A repost applies 2–3 edits (`repost: location+trim`): it is counted under each of them.
  const kindsOf = (k: string) =>
    k.startsWith("repost: ")
      ? k
          .slice(8)
          .split("+")
          .map((e) => `repost with ${e}`)
      : [k];
  for (const p of pairs) {
    const m = merged(p.a, p.b);
    if (p.duplicate && m.merged) tp++;
    else if (p.duplicate) fn++;
    else if (m.merged) fp++;
    else tn++;
    for (const key of kindsOf(p.kind)) {
      const k = kinds.get(key) ?? {
        duplicate: p.duplicate,
        pairs: 0,
        merged: 0,
        by_url: 0,
        candidates: 0,
        distances: [],
      };
      k.pairs++;
      if (m.merged) k.merged++;
      if (m.merged && m.by === "url") k.by_url++;
      if (m.candidate) k.candidates++;
      k.distances.push(m.distance);
      kinds.set(key, k);
    }
  }
  // Every cross-board pair that is not a labelled duplicate: a false merge anywhere in the set.
  const positives = new Set(pairs.filter((p) => p.duplicate).map((p) => `${p.a}:${p.b}`));
  let crossPairs = 0;
  let crossFalse = 0;
  for (let i = 0; i < norm.length; i++) {
    if (norm[i]?.source !== "a") continue;
    for (let j = 0; j < norm.length; j++) {
      if (norm[j]?.source !== "b" || positives.has(`${i}:${j}`)) continue;
      crossPairs++;
      const m = merged(i, j);
      if (m.candidate) candidates++;
      if (m.merged) crossFalse++;
    }
  }
  const pct = (x: number, n: number) => (n ? +((100 * x) / n).toFixed(2) : null);
  const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? 0;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const result = {
    jobs: options.jobs,
    seed: options.seed,
    postings: postings.length,
    labelled_pairs: pairs.length,
    positives: tp + fn,
    negatives: fp + tn,
    true_positives: tp,
    false_positives: fp,
    false_negatives: fn,
    true_negatives: tn,
    precision_pct: pct(tp, tp + fp),
    recall_pct: pct(tp, tp + fn),
    cross_pairs_unlabelled: crossPairs,
    cross_pairs_false_merges: crossFalse,
    precision_all_pairs_pct: pct(tp, tp + fp + crossFalse),
    cross_pairs_candidates: candidates,
    merged_by_url: pairs.filter((p) => p.duplicate && merged(p.a, p.b).by === "url").length,
    kinds: [...kinds.entries()]
      .map(([kind, k]) => ({
        kind,
        duplicate: k.duplicate,
        pairs: k.pairs,
        merged: k.merged,
        merged_by_url: k.by_url,
        median_containment: +median(k.distances).toFixed(2),
        p05_containment: +quantile(k.distances, 0.05).toFixed(2),
        p95_containment: +quantile(k.distances, 0.95).toFixed(2),
        candidates: k.candidates,
      }))
      .sort((a, b) => Number(b.duplicate) - Number(a.duplicate) || b.pairs - a.pairs),
  };
  console.log(`@@INGEST_DEDUP@@${JSON.stringify(result)}`);
}, 600_000);
