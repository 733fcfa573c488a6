import { z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../http/access";
import { IfMatchHeaders, ifMatchVersions } from "../../http/etag";
import { createRouter, defineRoute, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { badRequest } from "../../http/problem";
import {
  fileTooLarge,
  IMAGE_KINDS,
  inspect,
  MAX_IMAGE_BYTES,
  readLimited,
  readUpload,
} from "../../platform/storage/storage";
import { uploadRateLimit } from "../files";
import { exportJsonResume, importJsonResume } from "./json-resume";
import { JsonResumeDocument } from "./json-resume-schema";
import { fileUrl, presentProfileSkill } from "./presenters";
import { getPublicProfile } from "./public";
import { registerSectionRoutes } from "./routes-sections";
import { AvatarResponse, OwnProfile, ProfilePatch } from "./schemas";
import { ProfileSkillSchema, ProfileSkillsPut, PublicProfile } from "./section-schemas";
import * as profiles from "./service";
import { listProfileSkills, replaceProfileSkills } from "./skills";

const tags = ["Profiles"];
export const profilesRouter = createRouter();

const origin = (url: string) => new URL(url).origin;

profilesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/users/{username}",
    access: { optional: true, scope: "profile:read" },
    etag: true,
    operationId: "getPublicProfile",
    tags,
    summary: "A user's public profile",
    description:
      "Seekers choose who sees their profile: `public` (anyone), `employers` (signed-in employers) or `private`. " +
      "A profile the caller may not see is `404`. Email and phone appear only when the user made them public.",
    request: {
      params: z.object({
        username: z
          .string()
          .min(1)
          .max(64)
          .openapi({ param: { name: "username", in: "path" } }),
      }),
    },
    responses: {
      200: jsonResponse(PublicProfile, "The profile"),
      ...errorResponses(401, 404),
    },
  }),
  async (c) => {
    const dto = await getPublicProfile(c.get("db"), c.get("auth"), c.req.valid("param").username, origin(c.req.url));
    // What is visible depends on who asks: never let a shared cache reuse it.
    c.header("Vary", "Authorization");
    return c.json(dto, 200);
  },
);

profilesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/profile",
    access: { scope: "profile:read" },
    etag: true,
    operationId: "getProfile",
    tags,
    summary: "Your profile (seeker or employer shape) with its completeness",
    responses: { 200: jsonResponse(OwnProfile, "Your profile"), ...errorResponses(401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    return c.json(await profiles.getOwnProfile(c.get("db"), caller.userId, origin(c.req.url)), 200);
  },
);

profilesRouter.openapi(
  defineRoute({
    method: "patch",
    path: "/profile",
    access: { scope: "profile:write" },
    etag: true,
    operationId: "updateProfile",
    tags,
    summary: "Update your profile",
    description:
      "Seekers: headline, bio, location, phone, website, linkedin_url, github_url, years_experience, " +
      "desired_job_types, desired_locations, open_to_remote, remote_only, salary_expectation, is_available, visibility, " +
      "show_email, show_phone. Employers: position_title, phone, linkedin_url, show_email, show_phone. " +
      "`null` clears a field.",
    request: { headers: IfMatchHeaders, body: jsonBody(ProfilePatch) },
    responses: { 200: jsonResponse(OwnProfile, "The updated profile"), ...errorResponses(400, 401, 412) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const db = c.get("db");
    await profiles.patchProfile(db, caller.userId, caller.role, c.req.valid("json"), { ifMatch: ifMatchVersions(c) });
    return c.json(await profiles.getOwnProfile(db, caller.userId, origin(c.req.url)), 200);
  },
);

/** A multipart avatar: the image plus its form (boundary, part headers). */
const MAX_IMAGE_MULTIPART_BYTES = MAX_IMAGE_BYTES + 16 * 1024;

const imageContent = Object.fromEntries(
  ["image/png", "image/jpeg", "image/webp"].map((t) => [t, { schema: z.string().openapi({ format: "binary" }) }]),
);

profilesRouter.openapi(
  defineRoute({
    method: "put",
    path: "/profile/avatar",
    access: { scope: "profile:write" },
    operationId: "putAvatar",
    tags,
    summary: "Upload your avatar (PNG, JPEG or WebP, at most 2 MB)",
    description:
      "Send the image as the raw body (or as `file` in multipart/form-data). The type is checked by content, not " +
      "by name or Content-Type. The returned URL is content-addressed and cacheable forever.",
    middleware: [uploadRateLimit] as const,
    bodyLimit: { maxBytes: MAX_IMAGE_BYTES, multipartMaxBytes: MAX_IMAGE_MULTIPART_BYTES, tooLarge: fileTooLarge },
    request: { body: { required: true, content: imageContent } },
    responses: { 200: jsonResponse(AvatarResponse, "Stored"), ...errorResponses(400, 401, 413, 415) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    const file = await readAvatar(c.req.raw);
    const key = await profiles.setAvatar(c.get("db"), c.env, caller.userId, caller.role, file);
    return c.json({ avatar_url: fileUrl(origin(c.req.url), key) as string }, 200);
  },
);

/** Raw image bodies, or a multipart form with a `file` field (read with the same cap). */
async function readAvatar(request: Request) {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) return readUpload(request, IMAGE_KINDS, MAX_IMAGE_BYTES);
  const bytes = await readLimited(request.body, MAX_IMAGE_MULTIPART_BYTES);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "Content-Type": type } }).formData();
  } catch {
    throw badRequest("The multipart body is malformed.");
  }
  const file = form.get("file");
  if (!(file instanceof File))
    throw badRequest("The form has no `file` field.", [{ path: "file", message: "Required." }]);
  return inspect(new Uint8Array(await file.arrayBuffer()), IMAGE_KINDS, MAX_IMAGE_BYTES);
}

profilesRouter.openapi(
  defineRoute({
    method: "delete",
    path: "/profile/avatar",
    access: { scope: "profile:write" },
    operationId: "deleteAvatar",
    tags,
    summary: "Remove your avatar",
    responses: { 204: { description: "Removed (or there was none)" }, ...errorResponses(401) },
  }),
  async (c) => {
    const caller = requireAuth(c);
    await profiles.removeAvatar(c.get("db"), c.env, caller.userId, caller.role);
    return c.body(null, 204);
  },
);

const SkillList = z.object({ data: z.array(ProfileSkillSchema) }).openapi("ProfileSkillList");

profilesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/profile/skills",
    access: { roles: ["seeker"], scope: "profile:read" },
    operationId: "listProfileSkills",
    tags,
    summary: "Your skills",
    responses: { 200: jsonResponse(SkillList, "Your skills in your order"), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const rows = await listProfileSkills(c.get("db"), caller.userId);
    return c.json({ data: rows.map(presentProfileSkill) }, 200);
  },
);

profilesRouter.openapi(
  defineRoute({
    method: "put",
    path: "/profile/skills",
    access: { roles: ["seeker"], scope: "profile:write" },
    operationId: "replaceProfileSkills",
    tags,
    summary: "Replace your skills",
    description:
      "Names are normalised against the skills taxonomy by name or alias (`k8s` → Kubernetes); names outside it " +
      "are kept as typed (`skill_id: null`). Duplicates collapse into the first.",
    request: { body: jsonBody(ProfileSkillsPut) },
    responses: { 200: jsonResponse(SkillList, "Your skills"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const rows = await replaceProfileSkills(c.get("db"), caller.userId, c.req.valid("json"));
    return c.json({ data: rows.map(presentProfileSkill) }, 200);
  },
);

profilesRouter.openapi(
  defineRoute({
    method: "get",
    path: "/profile/json-resume",
    access: { roles: ["seeker"], scope: "profile:read" },
    operationId: "exportJsonResume",
    tags,
    summary: "Your profile as a JSON Resume document",
    responses: { 200: jsonResponse(JsonResumeDocument, "A JSON Resume v1.0.0 document"), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    return c.json(await exportJsonResume(c.get("db"), caller.userId, origin(c.req.url)), 200);
  },
);

profilesRouter.openapi(
  defineRoute({
    method: "put",
    path: "/profile/json-resume",
    access: { roles: ["seeker"], scope: "profile:write" },
    operationId: "importJsonResume",
    tags,
    summary: "Replace your profile from a JSON Resume document",
    description:
      "basics → headline, bio, website, phone, location, LinkedIn/GitHub links; work → experience; education; " +
      "certificates → certifications; projects → portfolio; skills (and their keywords) → skills. Every mapped " +
      "section is replaced. Account name and email are not changed; `image` is never fetched.",
    request: { body: jsonBody(JsonResumeDocument) },
    responses: {
      200: jsonResponse(JsonResumeDocument, "The profile, exported again"),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const caller = requireRole(c, "seeker");
    const db = c.get("db");
    await importJsonResume(db, caller.userId, c.req.valid("json"));
    return c.json(await exportJsonResume(db, caller.userId, origin(c.req.url)), 200);
  },
);

registerSectionRoutes(profilesRouter);
