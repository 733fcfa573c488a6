/**
 * Plain text from uploaded documents, for resume parsing: PDF through `unpdf`
 * (pdf.js built for serverless runtimes), DOCX by unzipping
 * `word/document.xml` with `fflate` and dropping the markup, TXT as UTF-8.
 * Deterministic failures (corrupt or encrypted files) throw `ExtractError`,
 * which the caller records as a failed parse instead of retrying.
 */
import { unzipSync } from "fflate";
import type { FileKind } from "./sniff";

/** Stored text is capped: enough for matching and search, bounded for D1 rows. */
export const MAX_TEXT_CHARS = 100_000;
/** A DOCX whose document part inflates beyond this is refused (zip bombs). */
const MAX_DOCX_XML_BYTES = 20 * 1024 * 1024;

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
      text = docxText(bytes);
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
  // Imported lazily: pdf.js is large and only the queue consumer needs it.
  const { extractText: pdfExtract, getDocumentProxy } = await import("unpdf");
  try {
    // pdf.js may transfer (detach) the buffer it is given, so hand it a copy.
    const pdf = await getDocumentProxy(bytes.slice());
    const { text } = await pdfExtract(pdf, { mergePages: true });
    return text;
  } catch (err) {
    throw new ExtractError(`Unreadable PDF: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function docxText(bytes: Uint8Array): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => f.name === "word/document.xml" && f.originalSize <= MAX_DOCX_XML_BYTES,
    });
  } catch (err) {
    throw new ExtractError(`Unreadable DOCX: ${err instanceof Error ? err.message : String(err)}`);
  }
  const xml = files["word/document.xml"];
  if (!xml) throw new ExtractError("The DOCX has no word/document.xml (or it is too large).");
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
