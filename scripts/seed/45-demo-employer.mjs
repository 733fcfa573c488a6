/**
 * Makes the demo employer (employer@jobboard.test) an owner of the two first
 * generated companies, so the demo account has real published jobs to manage
 * and the applications seed (and the benchmark) have jobs with applicants.
 */
export async function seed(ctx) {
  await ctx.sql([
    `INSERT INTO company_members (company_id, user_id, role, created_at)
     SELECT c.id, u.id, 'owner', ${ctx.quote(ctx.now)}
       FROM users u
       JOIN (SELECT id FROM companies WHERE slug LIKE 'seed-%' ORDER BY slug LIMIT 2) c
      WHERE u.email = 'employer@jobboard.test'
     ON CONFLICT DO NOTHING;`,
  ]);
}
