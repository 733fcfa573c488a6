/** Lookup keys of place names, shared by the geocoder and the cities migration generator (keep them equal). */
import { foldText } from "../../lib/fold";

/** `St. Louis` → `st louis`, `München` → `munchen`, `Frankfurt am Main` → `frankfurt am main`. */
export function cityKey(name: string): string {
  return foldText(name)
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .slice(0, 100);
}
