/** A user's interviews as one subscribable iCalendar feed (the calendar module serves it). */
import { and, desc, eq, gte, inArray, or, type SQL } from "drizzle-orm";
import { DAY } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { applications, companies, companyMembers, interviews, jobs } from "../../platform/db/schema";
import { interviewEvent, organizerOf } from "./interviews";
import { buildFeed } from "./interviews-ics";

/** How far back the feed reaches, and its size bound (calendar clients re-read the whole feed each poll). */
export const FEED_HISTORY_MS = 180 * DAY;
export const FEED_MAX_EVENTS = 500;

/**
 * Every interview of `userId`, as applicant or as a member of the interviewing
 * company, from `FEED_HISTORY_MS` ago on (cancelled ones included, as
 * `STATUS:CANCELLED`, so subscribed copies update), as RFC 5545 text.
 */
export async function interviewsFeed(
  db: Db,
  env: Pick<Env, "EMAIL_FROM">,
  userId: string,
  name: string,
  now = Date.now(),
): Promise<string> {
  const mine = or(
    eq(interviews.applicantId, userId),
    inArray(
      interviews.companyId,
      db.select({ id: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, userId)),
    ),
  ) as SQL;
  const rows = await db
    .select({ iv: interviews, jobTitle: jobs.title, companyName: companies.name })
    .from(interviews)
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(jobs, eq(jobs.id, applications.jobId))
    .innerJoin(companies, eq(companies.id, interviews.companyId))
    .where(and(mine, gte(interviews.startsAt, now - FEED_HISTORY_MS)))
    .orderBy(desc(interviews.startsAt), desc(interviews.id))
    .limit(FEED_MAX_EVENTS);
  const organizer = organizerOf(env);
  return buildFeed(
    name,
    rows.reverse().map((r) => interviewEvent(r.iv, r, organizer)),
  );
}
