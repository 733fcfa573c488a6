/**
 * Heavy libraries that only a few code paths use, each loaded on first use.
 *
 * They are prebuilt into src/vendor/*.mjs (scripts/vendor-modules.mjs) and
 * uploaded by wrangler as separate modules (`find_additional_modules` and the
 * `rules` in wrangler.toml), so the main bundle the Worker compiles at startup
 * does not contain them: a plain `import("unpdf")` would be inlined by the
 * bundler and parsed on every cold start even though only the queue consumer
 * needs it. The specifiers must stay relative to src/ (this file's folder),
 * because that is where the bundled entry module lives at runtime.
 */

/** pdf.js for serverless runtimes: resume text extraction (queue consumer). */
export const loadUnpdf = (): Promise<typeof import("unpdf")> => import("./vendor/unpdf.mjs");

/** The PDF writer behind the resume builder's PDF download. */
export const loadPdfLib = (): Promise<typeof import("pdf-lib")> => import("./vendor/pdf-lib.mjs");

/** Password strength estimation (register, password change and reset). */
export const loadZxcvbn = (): Promise<
  [typeof import("@zxcvbn-ts/core"), typeof import("@zxcvbn-ts/language-common")]
> => Promise.all([import("./vendor/zxcvbn-core.mjs"), import("./vendor/zxcvbn-language-common.mjs")]);

/** pdf-lib's font engine: embeds and subsets the TrueType fonts of resume PDFs. */
export const loadFontkit = (): Promise<{ default: typeof import("@pdf-lib/fontkit") }> =>
  import("./vendor/fontkit.mjs");

/** Stripe's library (billing routes and the Stripe webhook). */
export const loadStripe = (): Promise<{ default: typeof import("stripe").default }> => import("./vendor/stripe.mjs");

/** Sentry for Workers (reporting an unhandled error, when SENTRY_DSN is set). */
export const loadToucan = (): Promise<typeof import("toucan-js")> => import("./vendor/toucan-js.mjs");

/** fast-xml-parser's reader and validator: RSS/Atom job feeds (ingestion queue consumer). */
export const loadXmlParser = (): Promise<Pick<typeof import("fast-xml-parser"), "XMLParser" | "XMLValidator">> =>
  import("./vendor/fast-xml-parser.mjs");
