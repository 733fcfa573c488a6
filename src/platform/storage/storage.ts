/**
 * The one module that writes user uploads to R2. It reads the body with a hard
 * size cap (`413` as soon as it is exceeded, before anything is stored), checks
 * the type by magic bytes (`415`), refuses images whose header declares
 * absurd dimensions (`422`, decompression bombs for whoever renders them), and stores under keys built only from ids
 * and hashes, never from user-supplied names.
 */

import { ApiError } from "../../http/problem";
import { toHex } from "../../lib/encoding";
import { imageSize, oversizeReason } from "./image-size";
import { EXTENSION, type FileKind, MIME, sniff } from "./sniff";

export const IMAGE_KINDS: readonly FileKind[] = ["png", "jpeg", "webp"];
export const DOCUMENT_KINDS: readonly FileKind[] = ["pdf", "docx", "txt"];
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface ReadFile {
  bytes: Uint8Array;
  kind: FileKind;
  contentType: string;
  size: number;
  /** SHA-256 hex of the content (content-addressed keys, dedupe). */
  sha256: string;
}

/** Reads a stream up to `maxBytes`, failing with `413` the moment it is exceeded. */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!stream) throw new ApiError(400, "missing-file", "The request has no file content.");
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw fileTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The `413` of an oversize file (also an upload route's body cap, so both answer alike). */
export const fileTooLarge = (max: number) =>
  new ApiError(413, "file-too-large", `The file exceeds the limit of ${Math.round(max / 1024 / 1024)} MB.`);

/** Checks size and type of bytes already in memory (e.g. a multipart `File`). */
export async function inspect(bytes: Uint8Array, allowed: readonly FileKind[], maxBytes: number): Promise<ReadFile> {
  if (bytes.byteLength > maxBytes) throw fileTooLarge(maxBytes);
  if (bytes.byteLength === 0) throw new ApiError(400, "empty-file", "The file is empty.");
  let kind = sniff(bytes.subarray(0, 8192));
  // The head only shows "an Office ZIP": XLSX and PPTX start the same way. A Word
  // document is the package whose central directory (at the end) names word/document.xml.
  if (kind === "docx" && !namesWordDocument(bytes)) kind = null;
  if (!kind || !allowed.includes(kind)) {
    throw new ApiError(
      415,
      "unsupported-file-type",
      `The file's content is not an accepted type (${allowed.map((k) => EXTENSION[k]).join(", ")}).`,
    );
  }
  if (IMAGE_KINDS.includes(kind)) {
    const reason = oversizeReason(imageSize(bytes, kind));
    if (reason) throw new ApiError(422, "image-too-large", reason);
  }
  const sha256 = toHex(await crypto.subtle.digest("SHA-256", bytes));
  return { bytes, kind, contentType: MIME[kind], size: bytes.byteLength, sha256 };
}

const CENTRAL_DIRECTORY_WINDOW = 256 * 1024;

function namesWordDocument(bytes: Uint8Array): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.byteLength - CENTRAL_DIRECTORY_WINDOW));
  return new TextDecoder("latin1").decode(tail).includes("word/document.xml");
}

/** Reads a raw request body (e.g. `PUT /profile/avatar`) with limits and type checks. */
export async function readUpload(request: Request, allowed: readonly FileKind[], maxBytes: number): Promise<ReadFile> {
  const declared = Number(request.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw fileTooLarge(maxBytes);
  return inspect(await readLimited(request.body, maxBytes), allowed, maxBytes);
}

/** Reads a multipart `File` with limits and type checks. */
export async function readFormFile(file: File, allowed: readonly FileKind[], maxBytes: number): Promise<ReadFile> {
  if (file.size > maxBytes) throw fileTooLarge(maxBytes);
  return inspect(await readLimited(file.stream(), maxBytes), allowed, maxBytes);
}

export interface StoreOptions {
  /** Owner user id, recorded in customMetadata. */
  ownerId: string;
  /** The uploader's file name, kept as metadata only (sanitised, truncated). */
  originalName?: string | null;
  cacheControl?: string;
}

/** Writes bytes under `key` (which the caller builds from ids/hashes only). */
export async function putObject(bucket: R2Bucket, key: string, file: ReadFile, options: StoreOptions): Promise<void> {
  await bucket.put(key, file.bytes, {
    httpMetadata: { contentType: file.contentType, cacheControl: options.cacheControl },
    customMetadata: {
      owner: options.ownerId,
      original_filename: sanitizeFilename(options.originalName ?? `file.${EXTENSION[file.kind]}`),
      sha256: file.sha256,
    },
    sha256: file.sha256,
  });
}

/** Content-addressed key for public images: `images/{scope}/{sha256}.{ext}`. */
export function imageKey(scope: "avatars" | "logos", file: ReadFile): string {
  return `images/${scope}/${file.sha256}.${EXTENSION[file.kind]}`;
}

/** A display-safe version of an uploaded file name (for Content-Disposition and metadata). */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\x00-\x1f\x7f"<>|:*?]/g, "").trim();
  return (cleaned || "file").slice(0, 200);
}

/** `Content-Disposition: attachment` with an ASCII fallback and the RFC 5987 UTF-8 name. */
export function attachmentDisposition(filename: string): string {
  const safe = sanitizeFilename(filename);
  const ascii = safe.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}
