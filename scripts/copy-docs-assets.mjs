// Copies static files the Worker serves from node_modules into public/ (no CDN),
// on `npm install`: Swagger UI's browser bundle for /docs (public/docs/vendor),
// and the DejaVu fonts the resume builder embeds in PDFs (public/fonts; read by
// the Worker through the ASSETS binding, so they add nothing to the bundle).
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildVendorModules } from "./vendor-modules.mjs";

// The lazy modules (PDF parser, writer and font engine, password dictionaries,
// Stripe, Sentry) are built on
// install too, so tests and `wrangler dev` find src/vendor/*.mjs.
await buildVendorModules();

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function copy(pkg, from, files, dest, what) {
  const src = join(root, "node_modules", pkg, from);
  if (!existsSync(src)) {
    console.warn(`${pkg} is not installed; ${what}`);
    return;
  }
  mkdirSync(join(root, dest), { recursive: true });
  for (const [file, to = file] of files.map((f) => [f].flat())) copyFileSync(join(src, file), join(root, dest, to));
}

copy(
  "swagger-ui-dist",
  "",
  ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"],
  "public/docs/vendor",
  "/docs will have no assets",
);
copy(
  "dejavu-fonts-ttf",
  "ttf",
  [
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf",
  ],
  "public/fonts",
  "PDF resumes cannot be built",
);
copy("dejavu-fonts-ttf", "", [["LICENSE", "LICENSE-DejaVu.txt"]], "public/fonts", "PDF resumes cannot be built");
