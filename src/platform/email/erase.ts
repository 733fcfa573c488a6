/** Account erasure's part in the email tables: the log keeps that an email went out, not to whom. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { emailLog, emailSuppressions } from "../db/schema";

export function eraseEmailStatements(db: Db, userId: string, email: string) {
  return [
    db.delete(emailSuppressions).where(eq(emailSuppressions.email, email)),
    db.update(emailLog).set({ to: "erased@deleted.invalid", userId: null }).where(eq(emailLog.userId, userId)),
    db.update(emailLog).set({ to: "erased@deleted.invalid" }).where(eq(emailLog.to, email)),
  ] as const;
}
