/**
 * Who may see an application, and as whom. Applicants see their own, company
 * members their companies', admins everything; for anyone else the
 * application does not exist (`404`).
 */
import { eq } from "drizzle-orm";
import { forbidden, notFound } from "../../http/problem";
import type { Db } from "../../platform/db/client";
import { type ApplicationRow, applications } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { getMembership } from "../companies";

export type Viewer = "applicant" | "company" | "admin";

/** Company members and admins see internal fields (notes, rating, applicant contact). */
export const isStaff = (viewer: Viewer) => viewer !== "applicant";

/**
 * Who `auth` is to an application (its applicant, a member of the receiving
 * company, an admin), or null: then the application does not exist for them.
 * The one rule for every module that hangs something off an application
 * (messages, ratings, interviews).
 */
export async function viewerOf(
  db: Db,
  auth: AuthContext,
  app: Pick<ApplicationRow, "applicantId" | "companyId">,
): Promise<Viewer | null> {
  if (auth.role === "admin") return "admin";
  if (app.applicantId !== null && app.applicantId === auth.userId) return "applicant";
  if (auth.role === "employer" && (await getMembership(db, app.companyId, auth.userId))) return "company";
  return null;
}

export async function loadApplication(
  db: Db,
  auth: AuthContext,
  id: string,
  allowed: readonly Viewer[] = ["applicant", "company", "admin"],
): Promise<{ app: ApplicationRow; viewer: Viewer }> {
  const app = await db.select().from(applications).where(eq(applications.id, id)).get();
  if (!app) throw notFound("Application");
  const viewer = await viewerOf(db, auth, app);
  if (!viewer) throw notFound("Application");
  // They can see the application, so hiding it would be pointless: the action is just not theirs.
  if (!allowed.includes(viewer)) throw forbidden("This action is not available to you on this application.");
  return { app, viewer };
}
