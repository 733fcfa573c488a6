/**
 * DEFLATE decompression bounded by the bytes it actually produces. Headers
 * (a ZIP entry's declared size, a PDF stream's /Length) are never trusted: a
 * 1 MB upload can inflate to gigabytes, so the inflater is fed small slices of
 * input (one slice yields at most ~1 032× its size) and stops the moment the
 * running total passes the cap. It yields to the event loop between slices so
 * a long inflate in the queue consumer cannot starve the requests sharing the
 * isolate.
 */
import { Inflate } from "fflate";

/** Input slice per push: deflate expands at most ~1 032:1, so one push stays under ~4 MB of output. */
const SLICE_BYTES = 4 * 1024;
/** Give other work a turn after roughly this much output. */
const YIELD_EVERY_BYTES = 2 * 1024 * 1024;

export class InflateLimitError extends Error {
  override readonly name = "InflateLimitError";
  constructor(readonly limit: number) {
    super(`inflates to more than ${Math.round(limit / 1024 / 1024)} MB`);
  }
}

export interface InflateResult {
  /** The inflated bytes (only when `keep` was set). */
  output?: Uint8Array;
  /** Bytes produced. */
  size: number;
  /** The stream reached its final block (false: corrupt or truncated input). */
  complete: boolean;
}

/** Hands the event loop to other requests (queue consumers share the isolate with fetches). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Inflates raw DEFLATE data from `input`, producing at most `maxBytes`
 * (`InflateLimitError` beyond that). Corrupt data ends the stream early
 * (`complete: false`) instead of throwing: what was produced is still counted.
 * Input after the final block is never read.
 */
export async function boundedInflate(
  input: Uint8Array,
  options: { maxBytes: number; keep?: boolean },
): Promise<InflateResult> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let sinceYield = 0;
  const inflater = new Inflate((data) => {
    size += data.byteLength;
    sinceYield += data.byteLength;
    if (options.keep && size <= options.maxBytes) chunks.push(data);
  });
  let complete = false;
  for (let offset = 0; offset < input.byteLength && !complete; offset += SLICE_BYTES) {
    const end = Math.min(input.byteLength, offset + SLICE_BYTES);
    try {
      inflater.push(input.subarray(offset, end), end === input.byteLength);
    } catch {
      break; // corrupt or truncated: the parser downstream fails on it the same way
    }
    if (size > options.maxBytes) throw new InflateLimitError(options.maxBytes);
    complete = finished(inflater);
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
  return { output: options.keep ? concat(chunks, size) : undefined, size, complete };
}

/**
 * fflate has no public "stream ended" signal; its state marks the final block
 * (`f`) with no block in progress (`l`). Without it, bytes after the stream
 * (the rest of a PDF) would be buffered and re-scanned on every push.
 */
function finished(inflater: Inflate): boolean {
  const state = (inflater as unknown as { s?: { f?: number; l?: unknown } }).s;
  return Boolean(state?.f && !state.l);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
