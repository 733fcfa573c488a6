/**
 * The signed-in reader's display settings (`locale`, `timezone`), for responses
 * rendered in their language such as the SVG charts. One read by primary key.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users } from "../../platform/db/schema";

export async function readerSettings(db: Db, userId: string): Promise<{ locale: string; timezone: string } | null> {
  const row = await db
    .select({ locale: users.locale, timezone: users.timezone })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return row ?? null;
}
