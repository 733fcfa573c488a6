/** API keys (rows inserted directly: the HTTP endpoint allows 20 per user). */
import type { Scope } from "../../src/http/scopes";
import { randomToken, sha256Hex } from "../../src/lib/crypto";
import { newId } from "../../src/lib/ids";
import { apiKeys } from "../../src/platform/db/schema";
import { db } from "./support";

/** A key of `userId` with `scopes`; returns the secret a client sends and the row id. */
export async function makeApiKey(userId: string, scopes: readonly Scope[], name = "matrix") {
  const key = `jb_${randomToken()}`;
  const id = newId();
  await db()
    .insert(apiKeys)
    .values({
      id,
      userId,
      name,
      prefix: key.slice(0, 11),
      keyHash: await sha256Hex(key),
      scopes: [...scopes],
      createdAt: Date.now(),
    });
  return { id, key };
}
