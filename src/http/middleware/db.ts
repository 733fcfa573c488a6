import { createMiddleware } from "hono/factory";
import { allowIsolateVersion, dropIsolateVersion, versionReuseMs } from "../../platform/cache";
import { BOOKMARK_HEADER, isBookmark, sessionConstraint, sessionDatabase } from "../../platform/db/session";
import type { AppEnv } from "../../platform/env";
import { ApiError } from "../problem";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The drizzle client module (drizzle-orm's query builders, dialect and D1
 * driver), imported by the isolate's first request, not evaluated at startup.
 * A failed import is not kept, so the next request tries again.
 */
let clientModule: Promise<typeof import("../../platform/db/client")> | undefined;
const loadClient = () => {
  if (!clientModule) {
    clientModule = import("../../platform/db/client");
    clientModule.catch(() => {
      clientModule = undefined;
    });
  }
  return clientModule;
};

/**
 * Gives each request its own drizzle client over one D1 session (read
 * replication, src/platform/db/session.ts), instrumented so the logger can
 * report how many queries and rows the request cost. The session's bookmark
 * goes back in `x-d1-bookmark`; a client that sends it with its next request
 * reads at least what it has seen, its own writes included.
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const sent = c.req.header(BOOKMARK_HEADER) || undefined;
  if (sent !== undefined && !isBookmark(sent)) {
    throw new ApiError(
      400,
      "invalid-bookmark",
      `The ${BOOKMARK_HEADER} header must be a bookmark from an earlier response.`,
    );
  }
  const { createDb, instrumentD1 } = await loadClient();
  const safe = SAFE_METHODS.has(c.req.method);
  const needsFresh = c.req.header("Authorization") !== undefined || !safe;
  const session = c.env.DB.withSession(sessionConstraint({ bookmark: sent, needsFresh }));
  const stats = { queries: 0, rowsRead: 0, rowsWritten: 0 };
  c.set("dbStats", stats);
  const d1 = instrumentD1(sessionDatabase(session, c.env.DB), stats);
  // Anonymous reads without a bookmark may share this isolate's cache version
  // read for ≤ 1 s (src/platform/cache.ts); they are eventually consistent
  // already (any replica). Signed-in and bookmarked requests always read it.
  if (!needsFresh && sent === undefined) allowIsolateVersion(d1, versionReuseMs(c.env));
  c.set("db", createDb(d1));
  try {
    await next();
  } finally {
    // A request that may have written: the isolate's next version read goes to
    // D1, so this client's next anonymous read here sees its own change.
    if (!safe) dropIsolateVersion();
  }
  // A response that ran no query (answered from a cache) hands back the client's
  // own bookmark, so a client can always keep the last one it received.
  const bookmark = session.getBookmark() ?? sent;
  // A WebSocket upgrade's headers cannot change; the socket carries no bookmark.
  if (bookmark && c.res.status !== 101) c.header(BOOKMARK_HEADER, bookmark);
});
