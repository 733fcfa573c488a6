/**
 * D1 read replication through the Sessions API. Each request runs all its
 * statements in one D1 session, so they are sequentially consistent with each
 * other, and it may start from a bookmark the client got from an earlier
 * response, so a client reads its own writes even when its reads are served by
 * a replica. D1 routes writes to the primary by itself.
 */

/** The request and response header that carries a D1 bookmark. */
export const BOOKMARK_HEADER = "x-d1-bookmark";

/**
 * D1 bookmarks look like `00000001-0000000a-00004e2f-<32 hex>` (the format both
 * the platform and the local simulator return). D1 fails the first query of a
 * session opened with a malformed bookmark, which would surface as a 5xx; we
 * refuse it up front as the client's mistake instead.
 */
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

export function isBookmark(value: string): boolean {
  return BOOKMARK.test(value);
}

export interface SessionStart {
  /** The `x-d1-bookmark` request header, if any (already checked with `isBookmark`). */
  bookmark: string | undefined;
  /**
   * Whether the request carries credentials or may write. Such a request without
   * a bookmark starts on the primary: the session or API key it presents may have
   * been created a moment ago (login, refresh), and a replica that has not seen
   * it yet would answer 401.
   */
  needsFresh: boolean;
}

/**
 * Where a request's session starts: at the client's bookmark (at least as new as
 * what the client has seen), on the primary (`first-primary`) for authenticated or
 * writing requests without one, and anywhere (`first-unconstrained`, the nearest
 * replica) for anonymous reads.
 */
export function sessionConstraint(start: SessionStart): D1SessionBookmark | D1SessionConstraint {
  if (start.bookmark) return start.bookmark;
  return start.needsFresh ? "first-primary" : "first-unconstrained";
}

/**
 * A D1 session seen as a `D1Database`, which is what drizzle's D1 driver takes.
 * Drizzle only calls `prepare` and `batch`, and those go through the session.
 * `exec` and `dump` have no session form; they would silently leave the session
 * (and its consistency), so they refuse. `withSession` opens an independent
 * session on the underlying binding, as it would on the binding itself.
 */
export function sessionDatabase(session: D1DatabaseSession, binding: D1Database): D1Database {
  return {
    prepare: (query) => session.prepare(query),
    batch<T = unknown>(statements: D1PreparedStatement[]) {
      return session.batch<T>(statements);
    },
    exec: () => Promise.reject(new Error("exec() is not available inside a D1 session; use prepare()")),
    dump: () => Promise.reject(new Error("dump() is not available inside a D1 session")),
    withSession: (constraintOrBookmark) => binding.withSession(constraintOrBookmark),
  };
}
