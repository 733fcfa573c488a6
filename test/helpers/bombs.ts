/**
 * Decompression bombs built in code from small inputs: a deflate stream of
 * zeros is pushed through fflate's streaming compressor one reused 1 MiB
 * buffer at a time, so a 64 MiB bomb costs ~64 KiB of memory and well under
 * a second, and the archive/PDF around it declares whatever size we like.
 */
import { Deflate, strToU8, Zlib } from "fflate";

const MiB = 1024 * 1024;

/** Raw DEFLATE (or zlib, for PDFs) of `mib` MiB of zeros. */
export function zerosCompressed(mib: number, format: "deflate" | "zlib" = "deflate"): Uint8Array {
  const parts: Uint8Array[] = [];
  const sink = (chunk: Uint8Array) => parts.push(chunk);
  const stream = format === "zlib" ? new Zlib({ level: 9 }, sink) : new Deflate({ level: 9 }, sink);
  const zeros = new Uint8Array(MiB);
  for (let i = 0; i < mib; i++) stream.push(zeros);
  stream.push(new Uint8Array(0), true);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

interface ZipEntry {
  name: string;
  /** Bytes as stored (already deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the headers claim the entry inflates to. */
  declaredSize: number;
}

/** A ZIP archive whose headers say what we tell them (CRCs are zero: readers under test must not need them). */
export function buildZip(entries: ZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(18, e.data.byteLength, true);
    lv.setUint32(22, e.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(20, e.data.byteLength, true);
    cv.setUint32(24, e.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.byteLength + e.data.byteLength;
  }
  const cd = concat(centrals);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cd.byteLength, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, cd, eocd]);
}

/** A DOCX whose word/document.xml is `mib` MiB of zeros while its headers claim 1 KiB. */
export function docxBomb(mib: number): Uint8Array {
  return buildZip([
    {
      name: "[Content_Types].xml",
      data: strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      ),
      method: 0,
      declaredSize: 98,
    },
    { name: "word/document.xml", data: zerosCompressed(mib), method: 8, declaredSize: 1024 },
  ]);
}

/**
 * A one-page PDF with a text content stream plus one FlateDecode stream per
 * entry of `bombs` (MiB of zeros each), attached as extra page contents.
 * The declared /Length is the real compressed length; the inflated size is the lie.
 */
export function pdfBomb(bombs: number[], text = "Ada Lovelace"): Uint8Array {
  const enc = new TextEncoder();
  const content = enc.encode(`BT /F1 12 Tf 72 720 Td (${text}) Tj ET`);
  const streams = [content, ...bombs.map((mib) => zerosCompressed(mib, "zlib"))];
  const first = 5; // object number of the first stream
  const refs = streams.map((_, i) => `${first + i} 0 R`).join(" ");
  const objects: (string | Uint8Array[])[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [${refs}] /Resources << /Font << /F1 4 0 R >> >> >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ...streams.map((s, i) => [
      enc.encode(`<< /Length ${s.byteLength}${i ? " /Filter /FlateDecode" : ""} >>\nstream\n`),
      s,
      enc.encode("\nendstream"),
    ]),
  ];
  const parts: Uint8Array[] = [enc.encode("%PDF-1.4\n")];
  let size = parts[0]?.byteLength ?? 0;
  const offsets: number[] = [];
  const push = (p: Uint8Array) => {
    parts.push(p);
    size += p.byteLength;
  };
  objects.forEach((body, i) => {
    offsets.push(size);
    push(enc.encode(`${i + 1} 0 obj\n`));
    if (typeof body === "string") push(enc.encode(body));
    else for (const p of body) push(p);
    push(enc.encode("\nendobj\n"));
  });
  const xref = size;
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) tail += `${String(o).padStart(10, "0")} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  push(enc.encode(tail));
  return concat(parts);
}

/** A PNG signature and IHDR chunk declaring `width` × `height` (nothing after: never decoded). */
export function pngHeader(width: number, height: number): Uint8Array {
  const out = new Uint8Array(8 + 25 + 16);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const v = new DataView(out.buffer);
  v.setUint32(16, width);
  v.setUint32(20, height);
  out.set([8, 6, 0, 0, 0], 24); // 8-bit RGBA, default compression/filter/interlace
  return out;
}
