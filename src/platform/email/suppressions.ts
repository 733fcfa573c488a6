import { and, eq, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { emailSuppressions } from "../db/schema";

/** Records an opt-out of a category of non-security email (idempotent). */
export async function suppressEmail(db: Db, email: string, category: string): Promise<void> {
  await db
    .insert(emailSuppressions)
    .values({ email: email.toLowerCase(), category, createdAt: Date.now() })
    .onConflictDoNothing();
}

/** Whether `email` opted out of `category` (or of everything). */
export async function isSuppressed(db: Db, email: string, category: string): Promise<boolean> {
  const row = await db
    .select({ email: emailSuppressions.email })
    .from(emailSuppressions)
    .where(
      and(
        eq(emailSuppressions.email, email.toLowerCase()),
        or(eq(emailSuppressions.category, category), eq(emailSuppressions.category, "all")),
      ),
    )
    .get();
  return row !== undefined;
}
