/** What every factory needs: a Drizzle client on the test D1 and unique names. */
import { env } from "cloudflare:test";
import { createDb } from "../../src/platform/db/client";

export const db = () => createDb(env.DB);

let seq = 0;
/** A name no other call returns (time, sequence and randomness: tests run in parallel files). */
export function unique(prefix = "u"): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36)}${seq}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
