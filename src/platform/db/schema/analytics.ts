import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Anonymised search terms with daily counts, for admin analytics. No user id,
 * no IP, no query string beyond the normalised term itself.
 */
export const searchTerms = sqliteTable(
  "search_terms",
  {
    /** UTC day, `YYYY-MM-DD`. */
    day: text().notNull(),
    term: text().notNull(),
    count: integer().notNull().default(0),
    /** How many of those searches found nothing (migration 0023). */
    zeroResults: integer("zero_results").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.term] }),
    index("search_terms_term_idx").on(t.term),
    index("search_terms_zero_idx").on(t.day).where(sql`${t.zeroResults} > 0`),
  ],
);
