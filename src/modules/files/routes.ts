import { z } from "@hono/zod-openapi";
import { createRouter, defineRoute, errorResponses } from "../../http/openapi";
import { notFound } from "../../http/problem";
import { IMAGE_SCOPES, IMMUTABLE_CACHE, imageObject, readImage } from "./service";

export const filesRouter = createRouter();

filesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/files/images/{scope}/{file}",
    access: { public: true },
    operationId: "getImage",
    tags: ["Files"],
    summary: "A public image (avatar or company logo)",
    description:
      "Content-addressed (`{sha256}.{ext}`): the URL changes whenever the image does, so responses are cacheable " +
      "for a year as immutable. Served with the content type of its verified format and `nosniff`.",
    request: {
      params: z.object({
        scope: z.enum(IMAGE_SCOPES).openapi({ param: { name: "scope", in: "path" } }),
        file: z
          .string()
          .max(80)
          .openapi({ param: { name: "file", in: "path" }, example: `${"9f".repeat(32)}.png` }),
      }),
    },
    responses: {
      200: {
        description: "The image",
        content: {
          "image/png": { schema: z.string().openapi({ format: "binary" }) },
          "image/jpeg": { schema: z.string().openapi({ format: "binary" }) },
          "image/webp": { schema: z.string().openapi({ format: "binary" }) },
        },
      },
      304: { description: "Not modified (If-None-Match)" },
      ...errorResponses(400, 404),
    },
  }),
  async (c) => {
    const { scope, file } = c.req.valid("param");
    const target = imageObject(scope, file);
    if (!target) throw notFound("Image");
    const found = await readImage(c.env.FILES, target.key, c.req.header("If-None-Match"));
    if (!found) throw notFound("Image");
    const headers = new Headers({
      // The type comes from the verified extension in the key, never from stored client metadata.
      "Content-Type": target.contentType,
      "Cache-Control": IMMUTABLE_CACHE,
      ETag: found.object.httpEtag,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      // Avatars and logos are public and shown by frontends on other origins (<img>).
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
    if (!found.body) return new Response(null, { status: 304, headers });
    headers.set("Content-Length", String(found.object.size));
    return new Response(found.body, { status: 200, headers });
  },
);
