/**
 * `npm run bench -- --ingest` (bench/ingest.mjs runs this file through
 * bench/vitest.ingest.config.ts): dedup quality of the ingestion pipeline on the
 * labelled set of bench/ingest-world.mjs. Every posting goes through the real
 * normaliser (normalizePosting) and the real fingerprint (fingerprintOf, as the
 * pipeline stores it); a pair is merged when the pipeline would merge it — the
 * same canonical URL, or SimHashes within NEAR_DUPLICATE_DISTANCE (which the
 * band lookup always finds: 3 differing bits leave one of 4 bands equal).
 * Reports precision/recall over the labelled pairs, per kind, and false merges
 * over every cross-board pair of the set. The figures leave workerd as one marked line.
 */
import { inject, it } from "vitest";
import { ingestWorld } from "../../bench/ingest-world.mjs";
import { hamming, NEAR_DUPLICATE_DISTANCE } from "../../src/modules/ingestion/fingerprint";
import { normalizePosting } from "../../src/modules/ingestion/normalize";
import { fingerprintOf } from "../../src/modules/ingestion/pipeline";

it("measures near-duplicate precision and recall on the labelled set", () => {
  const options = inject("ingestDedup");
  const { postings, pairs } = ingestWorld({ jobs: options.jobs, seed: options.seed });
  const now = Date.UTC(2026, 11, 3);
  const norm = postings.map((p) => {
    const n = normalizePosting(p.raw, now);
    return { source: p.source, url: n.canonicalUrl, fp: fingerprintOf(n, n.company ?? "") };
  });
  const merged = (i: number, j: number) => {
    const a = norm[i];
    const b = norm[j];
    if (!a || !b) return { merged: false, distance: 64, by: "none" };
    const distance = hamming(a.fp, b.fp);
    if (a.url && a.url === b.url) return { merged: true, distance, by: "url" };
    return { merged: distance <= NEAR_DUPLICATE_DISTANCE, distance, by: "simhash" };
  };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const kinds = new Map<
    string,
    { duplicate: boolean; pairs: number; merged: number; by_url: number; distances: number[] }
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
      const k = kinds.get(key) ?? { duplicate: p.duplicate, pairs: 0, merged: 0, by_url: 0, distances: [] };
      k.pairs++;
      if (m.merged) k.merged++;
      if (m.merged && m.by === "url") k.by_url++;
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
      if (merged(i, j).merged) crossFalse++;
    }
  }
  const pct = (x: number, n: number) => (n ? +((100 * x) / n).toFixed(2) : null);
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
    merged_by_url: pairs.filter((p) => p.duplicate && merged(p.a, p.b).by === "url").length,
    kinds: [...kinds.entries()]
      .map(([kind, k]) => ({
        kind,
        duplicate: k.duplicate,
        pairs: k.pairs,
        merged: k.merged,
        merged_by_url: k.by_url,
        median_distance: median(k.distances),
      }))
      .sort((a, b) => Number(b.duplicate) - Number(a.duplicate) || b.pairs - a.pairs),
  };
  console.log(`@@INGEST_DEDUP@@${JSON.stringify(result)}`);
}, 600_000);
