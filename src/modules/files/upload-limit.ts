import { rateLimit } from "../../http/rate-limit";

/**
 * Uploads cost R2 writes and (for resumes) a parse job: at most 10 per user per
 * minute, counted on the RL_AUTH binding (10 / 60 s) under its own key prefix.
 */
export const uploadRateLimit = rateLimit({
  binding: "RL_AUTH",
  limit: 10,
  periodSeconds: 60,
  name: "upload:user",
  key: (c) => c.get("auth")?.userId ?? null,
});
