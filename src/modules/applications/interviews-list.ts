/** "My interviews": as applicant or as company member, upcoming first. */
import { and, asc, desc, eq, gt, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { decodeCursor, encodeCursor, invalidCursor } from "../../http/pagination";
import type { Db } from "../../platform/db/client";
import { applications, companies, companyMembers, type InterviewRow, interviews, jobs } from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { companyIdsOf } from "../companies";
import { syncPage, syncWindow, tombstonesAfter } from "../sync";
import { presentInterview } from "./interviews-presenters";

/**
 * The caller's interviews (as applicant or company member), upcoming first
 * (soonest first), then past ones (latest first). The cursor carries the
 * phase (0 upcoming, 1 past) before (starts_at, id), so pagination walks
 * through both in that order.
 */
export async function listMyInterviews(
  db: Db,
  auth: AuthContext,
  query: { scope: "all" | "upcoming" | "past"; limit: number; cursor?: string; updated_since?: string },
) {
  const now = Date.now();
  const mine = or(
    eq(interviews.applicantId, auth.userId),
    inArray(
      interviews.companyId,
      db.select({ id: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, auth.userId)),
    ),
  ) as SQL;
  if (query.updated_since) return syncMyInterviews(db, auth, query, query.updated_since, mine);
  const position = decodeCursor(query.cursor, ["number", "number", "string"]);
  if (position && position[0] !== 0 && position[0] !== 1) throw invalidCursor();
  const cursor = position ? { p: position[0], s: position[1], i: position[2] } : null;
  const phases: Array<0 | 1> = query.scope === "upcoming" ? [0] : query.scope === "past" ? [1] : [0, 1];
  const out: Array<{ iv: InterviewRow; job: { id: string; title: string }; company: { id: string; name: string } }> =
    [];
  let next: string | null = null;
  for (const phase of phases) {
    if (cursor && phase < cursor.p) continue;
    const want = query.limit - out.length;
    if (want <= 0) break;
    const where: SQL[] = [mine, phase === 0 ? gte(interviews.startsAt, now) : lt(interviews.startsAt, now)];
    if (cursor && cursor.p === phase) {
      where.push(
        phase === 0
          ? (or(
              gt(interviews.startsAt, cursor.s),
              and(eq(interviews.startsAt, cursor.s), gt(interviews.id, cursor.i)),
            ) as SQL)
          : (or(
              lt(interviews.startsAt, cursor.s),
              and(eq(interviews.startsAt, cursor.s), lt(interviews.id, cursor.i)),
            ) as SQL),
      );
    }
    const rows = await db
      .select({
        iv: interviews,
        job: { id: jobs.id, title: jobs.title },
        company: { id: companies.id, name: companies.name },
      })
      .from(interviews)
      .innerJoin(applications, eq(applications.id, interviews.applicationId))
      .innerJoin(jobs, eq(jobs.id, applications.jobId))
      .innerJoin(companies, eq(companies.id, interviews.companyId))
      .where(and(...where))
      .orderBy(
        ...(phase === 0
          ? [asc(interviews.startsAt), asc(interviews.id)]
          : [desc(interviews.startsAt), desc(interviews.id)]),
      )
      .limit(want + 1);
    out.push(...rows.slice(0, want));
    const last = out[out.length - 1];
    if (rows.length > want && last) {
      next = encodeCursor([phase, last.iv.startsAt, last.iv.id]);
      break;
    }
    // The page ended exactly with this phase's last row: the next page starts the next phase.
    if (out.length >= query.limit && phase === 0 && phases.includes(1)) {
      next = encodeCursor([1, Number.MAX_SAFE_INTEGER, ""]);
      break;
    }
  }
  return {
    data: out.map((r) => presentInterview(r.iv, { job: r.job, company: r.company })),
    next_cursor: next,
  };
}

/** The sync walk of `listMyInterviews`: `(updated_at, id)` ascending, with the tombstones the caller may see. */
async function syncMyInterviews(
  db: Db,
  auth: AuthContext,
  query: { scope: "all" | "upcoming" | "past"; limit: number; cursor?: string },
  since: string,
  mine: SQL,
) {
  const window = syncWindow(
    since,
    query.cursor,
    { list: "interviews" },
    {
      scope: query.scope === "all" ? undefined : query.scope,
    },
  );
  const after = window.after;
  const changed = after
    ? (or(
        gt(interviews.updatedAt, after[0]),
        and(eq(interviews.updatedAt, after[0]), gt(interviews.id, after[1])),
      ) as SQL)
    : gte(interviews.updatedAt, window.since);
  const [rows, tombstones] = await Promise.all([
    db
      .select({
        iv: interviews,
        job: { id: jobs.id, title: jobs.title },
        company: { id: companies.id, name: companies.name },
      })
      .from(interviews)
      .innerJoin(applications, eq(applications.id, interviews.applicationId))
      .innerJoin(jobs, eq(jobs.id, applications.jobId))
      .innerJoin(companies, eq(companies.id, interviews.companyId))
      .where(and(mine, changed))
      .orderBy(asc(interviews.updatedAt), asc(interviews.id))
      .limit(query.limit + 1),
    (async () => {
      const companyIds = await companyIdsOf(db, auth.userId);
      return tombstonesAfter(db, "interview", { companyIds, orUserId: auth.userId }, window, query.limit + 1);
    })(),
  ]);
  const found = syncPage(rows, tombstones, query.limit, (r) => [r.iv.updatedAt, r.iv.id], window);
  return { ...found, data: found.data.map((r) => presentInterview(r.iv, { job: r.job, company: r.company })) };
}
