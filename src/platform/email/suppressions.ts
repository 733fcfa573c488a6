import type { Db } from "../db/client";
import { emailSuppressions } from "../db/schema";

/** Records an opt-out of a category of non-security email (idempotent). */
export async function suppressEmail(db: Db, email: string, category: string): Promise<void> {
  await db
    .insert(emailSuppressions)
    .values({ email: email.toLowerCase(), category, createdAt: Date.now() })
    .onConflictDoNothing();
}
