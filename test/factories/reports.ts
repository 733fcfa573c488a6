/** Moderation reports (rows inserted directly). */
import { newId } from "../../src/lib/ids";
import { reports } from "../../src/platform/db/schema";
import { db } from "./support";

/** An open report of a job or review, by nobody in particular, created now. */
export async function makeReport(
  target: { type: "job" | "review"; id: string },
  o: Partial<typeof reports.$inferInsert> = {},
) {
  const row = {
    id: newId(),
    targetType: target.type,
    targetId: target.id,
    reason: "Scam",
    createdAt: Date.now(),
    ...o,
  };
  await db().insert(reports).values(row);
  return row;
}
