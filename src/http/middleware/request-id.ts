import { createMiddleware } from "hono/factory";
import { newId } from "../../lib/ids";
import type { AppEnv } from "../../platform/env";

/** A client-supplied id is honoured only when it is short and plain, so it is safe to log and echo. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("X-Request-Id");
  const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : newId();
  c.set("requestId", id);
  await next();
  c.header("X-Request-Id", id);
});
