/**
 * Development-only routes. In production the router answers nothing, so these
 * paths are plain `404`s and never appear to exist.
 */
import { z } from "@hono/zod-openapi";
import { createRouter, defineRoute, errorResponses } from "../../http/openapi";
import { ApiError } from "../../http/problem";
import { isDevelopment } from "../../platform/env";
import { prefersHtml, sendPage } from "../pages";
import { mailboxHtml } from "./mailbox-html";
import { listDevMailbox } from "./service";

const MailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    headers: z.record(z.string(), z.string()),
    created_at: z.string(),
  })
  .openapi("DevMail");

export const devRouter = createRouter();

// Same answer as an unknown path, for every method, so production reveals nothing.
devRouter.use("/dev/*", async (c, next) => {
  if (!isDevelopment(c.env)) throw new ApiError(404, "not-found", `No route matches ${c.req.method} ${c.req.path}.`);
  await next();
});

devRouter.openapi(
  defineRoute({
    method: "get",
    path: "/dev/mailbox",
    access: { public: true },
    operationId: "listDevMailbox",
    tags: ["Development"],
    summary: "Latest outgoing emails (development only)",
    description:
      "JSON for API clients (no `Accept`, or `application/json`); a browser (which ranks `text/html` first) gets " +
      "a readable page with clickable links.",
    request: {
      query: z.object({
        to: z.string().optional().openapi({ description: "Only emails to this address" }),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
    responses: {
      200: {
        description: "Latest emails, newest first",
        content: {
          "application/json": { schema: z.object({ data: z.array(MailSchema) }) },
          "text/html": { schema: z.string() },
        },
      },
      ...errorResponses(400),
    },
  }),
  async (c) => {
    const { to, limit } = c.req.valid("query");
    const data = await listDevMailbox(c.get("db"), { to, limit });
    if (prefersHtml(c.req.header("Accept"))) return sendPage(c, 200, "Dev mailbox", mailboxHtml(data, to));
    return c.json({ data }, 200);
  },
);
