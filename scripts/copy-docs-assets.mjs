// Copies Swagger UI's browser bundle from node_modules into public/docs/vendor,
// so /docs serves its own scripts and styles (no CDN). Runs on `npm install`.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildVendorModules } from "./vendor-modules.mjs";

// The lazy modules (PDF parser and writer, password dictionaries) are built on
// install too, so tests and `wrangler dev` find src/vendor/*.mjs.
await buildVendorModules();

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "node_modules", "swagger-ui-dist");
const dest = join(root, "public", "docs", "vendor");
if (!existsSync(src)) {
  console.warn("swagger-ui-dist is not installed; /docs will have no assets");
  process.exit(0);
}
mkdirSync(dest, { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
  copyFileSync(join(src, file), join(dest, file));
}
