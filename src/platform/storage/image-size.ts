/**
 * Declared image dimensions, read from the header only (PNG IHDR, JPEG SOFn,
 * WebP VP8/VP8L/VP8X). The API never decodes images, but browsers and image
 * tools do: a 50 000 × 50 000 PNG is a few KB on the wire and 10 GB once
 * decoded, so uploads declaring more than the bounds are refused.
 */
import type { FileKind } from "./sniff";

/** Largest width or height accepted. */
export const MAX_IMAGE_SIDE = 10_000;
/** Largest width × height accepted (a 48 MP phone photo fits). */
export const MAX_IMAGE_PIXELS = 50_000_000;

export interface ImageSize {
  width: number;
  height: number;
}

/** The dimensions the header declares, or null when they cannot be read. */
export function imageSize(bytes: Uint8Array, kind: FileKind): ImageSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (kind === "png") return pngSize(view);
    if (kind === "jpeg") return jpegSize(view);
    if (kind === "webp") return webpSize(view);
  } catch {
    // RangeError: a header cut short declares nothing.
  }
  return null;
}

/** Signature (8), IHDR length (4), "IHDR" (4), then width and height as big-endian u32. */
function pngSize(view: DataView): ImageSize | null {
  if (view.getUint32(12) !== 0x49484452) return null; // "IHDR"
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks the marker segments to the first start-of-frame (SOF0–SOF15 except DHT, JPG, DAC). */
function jpegSize(view: DataView): ImageSize | null {
  let p = 2;
  while (p + 4 <= view.byteLength) {
    if (view.getUint8(p) !== 0xff) return null;
    const marker = view.getUint8(p + 1);
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame
    const length = view.getUint16(p + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(p + 5), width: view.getUint16(p + 7) };
    }
    p += 2 + length;
  }
  return null;
}

/** RIFF header (12), then the first chunk: VP8X (canvas), VP8L (lossless) or "VP8 " (lossy). */
function webpSize(view: DataView): ImageSize | null {
  const chunk = view.getUint32(12);
  const u24 = (o: number) => view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getUint8(o + 2) << 16);
  if (chunk === 0x56503858) {
    // "VP8X": flags (4), canvas width − 1 and height − 1 as 24-bit little-endian.
    return { width: u24(24) + 1, height: u24(27) + 1 };
  }
  if (chunk === 0x5650384c) {
    // "VP8L": signature 0x2f, then 14 bits width − 1 and 14 bits height − 1.
    if (view.getUint8(20) !== 0x2f) return null;
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 0x56503820) {
    // "VP8 ": frame tag (3), start code 9d 01 2a, then 14-bit width and height (2 scale bits each).
    if (view.getUint8(23) !== 0x9d || view.getUint8(24) !== 0x01 || view.getUint8(25) !== 0x2a) return null;
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  return null;
}

/** Why an image is refused, or null when its declared size is within the bounds. */
export function oversizeReason(size: ImageSize | null): string | null {
  if (!size) return null;
  if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
    return `The image is ${size.width} × ${size.height} pixels; at most ${MAX_IMAGE_SIDE} pixels a side are accepted.`;
  }
  if (size.width * size.height > MAX_IMAGE_PIXELS) {
    return `The image has ${size.width * size.height} pixels; at most ${MAX_IMAGE_PIXELS} are accepted.`;
  }
  return null;
}
