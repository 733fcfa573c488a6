/**
 * The one part of a DOCX we read, `word/document.xml`, located through the
 * ZIP central directory and inflated with the bounded inflater: the sizes the
 * archive declares are only used to find bytes, never to decide how much
 * memory inflating may take.
 */
import { boundedInflate, InflateLimitError } from "./inflate";

/** A document part inflating beyond this is refused (zip bombs). */
export const MAX_DOCX_XML_BYTES = 20 * 1024 * 1024;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const DOCUMENT_PART = "word/document.xml";

/** Why a DOCX could not be read; the message is stored as the parse failure reason. */
export class DocxError extends Error {
  override readonly name = "DocxError";
}

/** The inflated bytes of `word/document.xml`, at most `MAX_DOCX_XML_BYTES`. */
export async function readDocumentXml(zip: Uint8Array, maxBytes = MAX_DOCX_XML_BYTES): Promise<Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entry = findEntry(zip, view, DOCUMENT_PART);
  if (!entry) throw new DocxError("The DOCX has no word/document.xml.");
  const local = entry.localOffset;
  if (local + 30 > zip.byteLength || view.getUint32(local, true) !== LOCAL_SIGNATURE) {
    throw new DocxError("The DOCX is corrupt (bad local header).");
  }
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  // A declared size that does not fit (ZIP64 markers, lies) just means "up to the end of the file".
  const declaredEnd = start + entry.compressedSize;
  const end = entry.compressedSize > 0 && declaredEnd <= zip.byteLength ? declaredEnd : zip.byteLength;
  const data = zip.subarray(start, end);
  if (entry.method === 0) {
    if (data.byteLength > maxBytes) throw tooLarge(maxBytes);
    return data;
  }
  if (entry.method !== 8) throw new DocxError(`The DOCX uses an unsupported compression method (${entry.method}).`);
  try {
    const { output, complete } = await boundedInflate(data, { maxBytes, keep: true });
    if (!complete || !output) throw new DocxError("The DOCX is corrupt (word/document.xml does not inflate).");
    return output;
  } catch (err) {
    if (err instanceof InflateLimitError) throw tooLarge(maxBytes);
    throw err;
  }
}

const tooLarge = (max: number) =>
  new DocxError(`The DOCX's word/document.xml inflates to more than ${Math.round(max / 1024 / 1024)} MB.`);

interface Entry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function findEntry(zip: Uint8Array, view: DataView, name: string): Entry | null {
  const eocd = findEocd(view);
  if (eocd < 0) throw new DocxError("The DOCX is not a ZIP archive (no end of central directory).");
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const latin1 = new TextDecoder("latin1");
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.byteLength || view.getUint32(p, true) !== CENTRAL_SIGNATURE) {
      throw new DocxError("The DOCX is corrupt (bad central directory).");
    }
    const nameLength = view.getUint16(p + 28, true);
    const entryName = latin1.decode(zip.subarray(p + 46, p + 46 + nameLength));
    if (entryName === name) {
      return {
        method: view.getUint16(p + 10, true),
        compressedSize: view.getUint32(p + 20, true),
        localOffset: view.getUint32(p + 42, true),
      };
    }
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return null;
}

/** The end-of-central-directory record sits in the last 22 bytes plus an optional comment (≤ 64 KiB). */
function findEocd(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let p = view.byteLength - 22; p >= min; p--) {
    if (view.getUint32(p, true) === EOCD_SIGNATURE) return p;
  }
  return -1;
}
