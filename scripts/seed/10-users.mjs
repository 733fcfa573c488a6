import { foldKey } from "./40-jobs.mjs";

/**
 * The three demo accounts, all email-verified. Inserted with ON CONFLICT DO
 * NOTHING, so a rerun keeps their ids (later seeds look them up by email) and
 * never resets a password someone changed locally.
 */
export const DEMO_USERS = [
  {
    email: "admin@jobboard.test",
    username: "admin",
    password: "Admin-Password-2026",
    role: "admin",
    firstName: "Ada",
    lastName: "Admin",
  },
  {
    email: "employer@jobboard.test",
    username: "employer",
    password: "Employer-Password-2026",
    role: "employer",
    firstName: "Emma",
    lastName: "Employer",
  },
  {
    email: "seeker@jobboard.test",
    username: "seeker",
    password: "Seeker-Password-2026",
    role: "seeker",
    firstName: "Sam",
    lastName: "Seeker",
  },
];

export async function seed(ctx) {
  const q = ctx.quote;
  const statements = DEMO_USERS.map((u, i) => {
    const at = ctx.now + i;
    return `INSERT INTO users (id, email, username, password_hash, role, first_name, last_name, first_name_key, last_name_key, email_verified_at,
      mfa_enabled, timezone, locale, status, password_changed_at, created_at, updated_at)
      VALUES (${q(ctx.newId(at))}, ${q(u.email)}, ${q(u.username)}, ${q(ctx.hashPassword(u.password))}, ${q(u.role)},
      ${q(u.firstName)}, ${q(u.lastName)}, ${q(foldKey(u.firstName))}, ${q(foldKey(u.lastName))}, ${at}, 0, 'UTC', 'en', 'active', ${at}, ${at}, ${at})
      ON CONFLICT DO NOTHING`;
  });
  await ctx.sql(statements);
  ctx.log(`users: ${DEMO_USERS.map((u) => u.email).join(", ")}`);
}
