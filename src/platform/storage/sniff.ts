/**
 * File type detection by magic bytes. The client's file name and Content-Type
 * are never trusted: a text file named `.png` or HTML named `.pdf` is refused.
 */
export type FileKind = "png" | "jpeg" | "webp" | "pdf" | "docx" | "txt";

export const MIME: Record<FileKind, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  txt: "text/plain; charset=utf-8",
};

export const EXTENSION: Record<FileKind, string> = {
  png: "png",
  jpeg: "jpg",
  webp: "webp",
  pdf: "pdf",
  docx: "docx",
  txt: "txt",
};

const startsWith = (b: Uint8Array, sig: number[], offset = 0) => sig.every((v, i) => b[offset + i] === v);

/**
 * Detects the kind from the first bytes (at least 16 for images, more helps
 * DOCX and TXT). DOCX is a ZIP whose first entry is `[Content_Types].xml` or
 * which names `word/` early; TXT is valid UTF-8 without NUL bytes or markup.
 */
export function sniff(head: Uint8Array): FileKind | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const text = new TextDecoder("latin1").decode(head.subarray(0, Math.min(head.length, 4096)));
    return text.includes("[Content_Types].xml") || text.includes("word/") ? "docx" : null;
  }
  return looksLikePlainText(head) ? "txt" : null;
}

function looksLikePlainText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  if (head.includes(0)) return false;
  let text: string;
  try {
    // A multi-byte character may be cut at the end of the sample; drop up to 3 trailing bytes.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(trimPartialUtf8(head));
  } catch {
    return false;
  }
  // HTML/SVG/XML uploaded as "text" could be rendered by someone's browser: refuse.
  if (/^\s*<(!doctype|html|svg|\?xml|script|head|body)/i.test(text)) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  return !/[\x01-\x08\x0b\x0e-\x1f\x7f]/.test(text);
}

function trimPartialUtf8(b: Uint8Array): Uint8Array {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i] ?? 0;
    if ((byte & 0xc0) === 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (i < need) end -= i;
      break;
    }
    if ((byte & 0x80) === 0) break;
  }
  return b.subarray(0, end);
}
