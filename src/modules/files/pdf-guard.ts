/**
 * A pre-scan run before a PDF reaches pdf.js, which inflates streams without
 * any bound: every stream is inflated here with the bounded inflater (output
 * counted, then dropped), so a PDF whose streams would take more than the
 * budget is refused before the parser allocates anything. Also refuses
 * absurd object counts and the filters whose expansion the scan cannot
 * measure (LZW, RunLength).
 *
 * The scan does not trust the stream dictionaries: every `stream` keyword
 * starts a candidate, and a candidate that is not zlib data is skipped. A
 * `/Subtype /Image` label is not a reason to skip either (a content stream
 * can carry one).
 */
import { boundedInflate, InflateLimitError, yieldToEventLoop } from "./inflate";

/** Total bytes all streams of one PDF may inflate to. */
export const MAX_PDF_INFLATED_BYTES = 48 * 1024 * 1024;
/** Bytes one stream may inflate to (pdf.js holds a decoded content stream in memory). */
export const MAX_PDF_STREAM_BYTES = 16 * 1024 * 1024;
/** Indirect objects (`n g obj`) in the file; a resume has hundreds. */
export const MAX_PDF_OBJECTS = 50_000;

export class PdfGuardError extends Error {
  override readonly name = "PdfGuardError";
}

/** Resolves when the PDF is within budget; throws `PdfGuardError` with the reason otherwise. */
export async function checkPdfBudget(bytes: Uint8Array): Promise<void> {
  // latin1 maps each byte to one char, so string offsets are byte offsets.
  const text = new TextDecoder("latin1").decode(bytes);
  // Names may hide letters behind #xx escapes (/LZW#44ecode); pdf.js decodes them.
  const names = text.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  if (/\/(?:LZWDecode|LZW|RunLengthDecode|RL)(?![A-Za-z0-9])/.test(names)) {
    throw new PdfGuardError("The PDF uses LZW or RunLength compression, which is not supported.");
  }
  let objects = 0;
  for (const _ of text.matchAll(/\d+\s+\d+\s+obj\b/g)) {
    if (++objects > MAX_PDF_OBJECTS) throw new PdfGuardError(`The PDF has more than ${MAX_PDF_OBJECTS} objects.`);
  }

  let total = 0;
  // pdf.js starts a stream's data after the line break that follows the keyword.
  for (const match of text.matchAll(/(?<!end)stream[^\r\n]*(?:\r\n|\n|\r)/g)) {
    const start = (match.index ?? 0) + match[0].length;
    if (!isZlibHeader(bytes[start], bytes[start + 1])) continue;
    const remaining = MAX_PDF_INFLATED_BYTES - total;
    const cap = Math.min(MAX_PDF_STREAM_BYTES, remaining);
    let size: number;
    try {
      ({ size } = await boundedInflate(bytes.subarray(start + 2), { maxBytes: cap }));
    } catch (err) {
      if (!(err instanceof InflateLimitError)) throw err;
      const what = cap === remaining ? `${mb(MAX_PDF_INFLATED_BYTES)} MB in total` : `${mb(cap)} MB in one stream`;
      throw new PdfGuardError(`The PDF's compressed streams inflate to more than ${what}.`);
    }
    total += size;
    if (size > 0) await yieldToEventLoop();
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** RFC 1950: deflate method (8) and header checksum, the checks pdf.js makes before inflating. */
function isZlibHeader(cmf: number | undefined, flg: number | undefined): boolean {
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}
