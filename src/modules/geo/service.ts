/**
 * Geocoding against the cities gazetteer (migration 0037: GeoNames cities of
 * 100 000+ inhabitants, CC BY 4.0). A batch of places is resolved with one
 * query per 500 distinct name keys (direct names and aliases together, through
 * the `cities_name_key_idx` index and the `city_aliases` primary key: the
 * tables `cities` and `city_aliases` of src/platform/db/schema/geo.ts); the
 * choice among namesakes is made in memory: the given country first (a place
 * whose country has no such city is unknown, never moved abroad), then the US
 * state when one is named, then the largest population.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { cityKey } from "./keys";

export interface PlaceQuery {
  city: string | null;
  region: string | null;
  /** ISO alpha-2 when the normaliser recognised it, else the source's text (ignored) or null. */
  country: string | null;
}

export interface Place {
  /** The GeoNames id. */
  id: number;
  /** The gazetteer's name (`München` and `Munich` are `Munich`, `NYC` is `New York City`). */
  name: string;
  country: string;
  /** Admin-1 code (US: the state, `OR`). */
  region: string | null;
  lat: number;
  lng: number;
}

/** US state names (folded) → codes, as `CCname,…` (a string: it is in the Worker bundle). */
const US_STATES = new Map(
  "ALalabama,AKalaska,AZarizona,ARarkansas,CAcalifornia,COcolorado,CTconnecticut,DEdelaware,FLflorida,GAgeorgia,HIhawaii,IDidaho,ILillinois,INindiana,IAiowa,KSkansas,KYkentucky,LAlouisiana,MEmaine,MDmaryland,MAmassachusetts,MImichigan,MNminnesota,MSmississippi,MOmissouri,MTmontana,NEnebraska,NVnevada,NHnew hampshire,NJnew jersey,NMnew mexico,NYnew york,NCnorth carolina,NDnorth dakota,OHohio,OKoklahoma,ORoregon,PApennsylvania,RIrhode island,SCsouth carolina,SDsouth dakota,TNtennessee,TXtexas,UTutah,VTvermont,VAvirginia,WAwashington,WVwest virginia,WIwisconsin,WYwyoming,DCdistrict of columbia,DCwashington dc,DCdc"
    .split(",")
    .map((x) => [x.slice(2), x.slice(0, 2)]),
);
const STATE_CODES = new Set(US_STATES.values());

/** A US state named by code (`OR`) or name (`Oregon`), else null. */
export function usState(region: string | null): string | null {
  if (!region) return null;
  const t = region.trim();
  if (/^[A-Za-z]{2}$/.test(t) && STATE_CODES.has(t.toUpperCase())) return t.toUpperCase();
  return US_STATES.get(cityKey(t)) ?? null;
}

/** The keys a city text is looked up by: itself, and without `Greater …` / `… Area` / `… Metro` (`Greater London`). */
export function placeKeys(city: string | null): string[] {
  if (!city) return [];
  const key = cityKey(city);
  if (!key) return [];
  const bare = key
    .replace(/^(greater|metro|metropolitan|downtown|central) /, "")
    .replace(/ (metropolitan area|metro area|area|metro|region)$/, "");
  return bare && bare !== key ? [key, bare] : [key];
}

interface Candidate extends Place {
  key: string;
  population: number;
}

/** The best city for one place among the rows found for its keys; null when none fits. */
export function pickCity(query: PlaceQuery, found: Candidate[]): Place | null {
  if (!found.length) return null;
  const country = query.country && /^[A-Z]{2}$/.test(query.country) ? query.country : null;
  const state = usState(query.region);
  // `Portland, OR` names a state; `Munich, Bavaria` a region the gazetteer has only as a code (ignored).
  const inCountry = country ?? (state && !query.country ? "US" : null);
  let rows = inCountry ? found.filter((r) => r.country === inCountry) : found;
  if (state && (inCountry === "US" || inCountry === null)) {
    const inState = rows.filter((r) => r.country === "US" && r.region === state);
    if (inCountry === "US") rows = inState;
    else if (inState.length) rows = inState;
  }
  let best: Candidate | null = null;
  for (const r of rows)
    if (!best || r.population > best.population || (r.population === best.population && r.id < best.id)) best = r;
  return best
    ? { id: best.id, name: best.name, country: best.country, region: best.region, lat: best.lat, lng: best.lng }
    : null;
}

const LOOKUP_KEYS = 500;

/** Resolves many places at once: one query per 500 distinct keys (no query per place); null where unknown. */
export async function geocodePlaces(db: Db, queries: PlaceQuery[]): Promise<(Place | null)[]> {
  const keysOf = queries.map((q) => placeKeys(q.city));
  const keys = [...new Set(keysOf.flat())];
  const byKey = new Map<string, Candidate[]>();
  for (let i = 0; i < keys.length; i += LOOKUP_KEYS) {
    const list = JSON.stringify(keys.slice(i, i + LOOKUP_KEYS));
    const rows = await db.all<Candidate>(sql`
      SELECT c.name_key AS key, c.id, c.name, c.country, c.region, c.lat, c.lng, c.population
        FROM cities c WHERE c.name_key IN (SELECT value FROM json_each(${list}))
      UNION ALL
      SELECT a.alias_key AS key, c.id, c.name, c.country, c.region, c.lat, c.lng, c.population
        FROM city_aliases a JOIN cities c ON c.id = a.city_id
        WHERE a.alias_key IN (SELECT value FROM json_each(${list}))`);
    for (const r of rows) {
      const list = byKey.get(r.key);
      if (list) list.push(r);
      else byKey.set(r.key, [r]);
    }
  }
  return queries.map((q, i) => {
    const keys = keysOf[i] ?? [];
    // The text as written first (`Greater London` is London only when no city is called so).
    for (const k of keys) {
      const place = pickCity(q, byKey.get(k) ?? []);
      if (place) return place;
    }
    return null;
  });
}
