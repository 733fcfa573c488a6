/** Saved jobs (rows inserted directly). */
import { savedJobs } from "../../src/platform/db/schema";
import { db } from "./support";

export async function saveJob(userId: string, jobId: string, createdAt = Date.now()) {
  await db().insert(savedJobs).values({ userId, jobId, createdAt });
}
