/**
 * Plain text from uploaded documents, for resume parsing: PDF through `unpdf`
 * (pdf.js built for serverless runtimes), DOCX by inflating
 * `word/document.xml` and dropping the markup, TXT as UTF-8.
 * Every decompression is bounded by the bytes it really produces (./inflate),
 * PDFs are pre-scanned before pdf.js sees them (./pdf-guard), and extraction
 * stops after `MAX_PDF_PAGES` pages or `MAX_TEXT_CHARS` characters, yielding
 * between pages so one job cannot starve the requests sharing the isolate.
 * Deterministic failures (corrupt, encrypted or oversized files) throw
 * `ExtractError` with a reason, which the caller records as a failed parse
 * instead of retrying.
 */

import { loadUnpdf } from "../../lazy-modules";
import type { FileKind } from "../../platform/storage/sniff";
import { DocxError, readDocumentXml } from "./docx";
import { yieldToEventLoop } from "./inflate";
import { checkPdfBudget, PdfGuardError } from "./pdf-guard";

/** Stored text is capped: enough for matching and search, bounded for D1 rows. */
export const MAX_TEXT_CHARS = 100_000;
/** Pages read from a PDF; a resume has a handful, the rest is not worth the CPU. */
export const MAX_PDF_PAGES = 30;

export class ExtractError extends Error {
  override readonly name = "ExtractError";
}

export async function extractText(bytes: Uint8Array, kind: FileKind): Promise<string> {
  let text: string;
  switch (kind) {
    case "pdf":
      text = await pdfText(bytes);
      break;
    case "docx":
      text = await docxText(bytes);
      break;
    case "txt":
      text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
      break;
    default:
      throw new ExtractError(`No text extraction for ${kind} files.`);
  }
  return tidy(text).slice(0, MAX_TEXT_CHARS);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  try {
    await checkPdfBudget(bytes);
  } catch (err) {
    if (err instanceof PdfGuardError) throw new ExtractError(err.message);
    throw err;
  }
  // Loaded on first use from its own module (src/lazy-modules.ts): pdf.js is
  // large and only the queue consumer needs it.
  const { getDocumentProxy } = await loadUnpdf();
  try {
    // pdf.js may transfer (detach) the buffer it is given, so hand it a copy.
    const pdf = await getDocumentProxy(bytes.slice());
    const pages: string[] = [];
    let chars = 0;
    // One page at a time (unpdf's extractText starts them all at once), with a turn for others between pages.
    for (let n = 1; n <= Math.min(pdf.numPages, MAX_PDF_PAGES) && chars < MAX_TEXT_CHARS; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
      page.cleanup();
      pages.push(text);
      chars += text.length;
      await yieldToEventLoop();
    }
    await pdf.destroy();
    return pages.join("\n");
  } catch (err) {
    throw new ExtractError(`Unreadable PDF: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function docxText(bytes: Uint8Array): Promise<string> {
  let xml: Uint8Array;
  try {
    xml = await readDocumentXml(bytes);
  } catch (err) {
    if (err instanceof DocxError) throw new ExtractError(err.message);
    throw new ExtractError(`Unreadable DOCX: ${err instanceof Error ? err.message : String(err)}`);
  }
  return xmlToText(new TextDecoder("utf-8").decode(xml));
}

/** WordprocessingML → text: paragraphs and breaks become newlines, tabs tabs, other tags vanish. */
export function xmlToText(xml: string): string {
  return decodeEntities(
    xml
      .replace(/<w:tab\s*\/>/g, "\t")
      .replace(/<w:(?:br|cr)\s*\/>/g, "\n")
      .replace(/<\/w:p>/g, "\n")
      .replace(/<[^>]*>/g, ""),
  );
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ent: string) => {
    if (ent.startsWith("#x")) return safeCodePoint(Number.parseInt(ent.slice(2), 16)) ?? whole;
    if (ent.startsWith("#")) return safeCodePoint(Number.parseInt(ent.slice(1), 10)) ?? whole;
    return NAMED[ent] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/** Normalises line endings and runs of blanks, keeping line structure. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
