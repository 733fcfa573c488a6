/**
 * A minimal RFC 5322/2045 multipart/alternative message builder (text + HTML),
 * enough for the `send_email` binding. Bodies are base64 so no line-length or
 * charset issues arise; header values are RFC 2047 encoded when not ASCII.
 */
import { utf8 } from "../../lib/encoding";

function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  let bin = "";
  for (const b of utf8(value)) bin += String.fromCharCode(b);
  return `=?UTF-8?B?${btoa(bin)}?=`;
}

function base64Lines(value: string): string {
  let bin = "";
  for (const b of utf8(value)) bin += String.fromCharCode(b);
  return (btoa(bin).match(/.{1,76}/g) ?? []).join("\r\n");
}

/** Header values come from our own code, but strip CR/LF anyway so nothing can inject headers. */
const clean = (v: string) => v.replace(/[\r\n]+/g, " ");

export function buildMime(email: {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
}): string {
  const boundary = `b_${crypto.randomUUID()}`;
  const lines = [
    `From: ${clean(email.from)}`,
    `To: ${clean(email.to)}`,
    `Subject: ${encodeHeader(clean(email.subject))}`,
    `Message-ID: ${clean(email.messageId)}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    ...Object.entries(email.headers).map(([k, v]) => `${clean(k)}: ${clean(v)}`),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(email.text),
    `--${boundary}`,
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(email.html),
    `--${boundary}--`,
    "",
  ];
  return lines.join("\r\n");
}
