import { defineConfig } from "drizzle-kit";

/**
 * `npm run db:generate` diffs src/platform/db/schema against the last snapshot and writes
 * a SQL migration into migrations/, which wrangler applies (`npm run db:migrate`).
 * Virtual tables and triggers (FTS5) are hand-written migrations next to them.
 */
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/platform/db/schema/index.ts",
  out: "./migrations",
  casing: "snake_case",
});
