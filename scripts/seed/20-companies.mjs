/**
 * Demo companies for local development: three companies (Acme Robotics is
 * verified) owned by employer@jobboard.test, and a review from
 * seeker@jobboard.test. Idempotent: rows are matched by slug and email, so
 * running the seed again changes nothing. Users that do not exist yet are
 * simply skipped (the sub-selects find no row).
 *
 * Plugin API (scripts/seed.mjs): `seed(ctx)` with ctx.sql(statements[]),
 * ctx.quote(value) and ctx.newId().
 */

const OWNER_EMAIL = "employer@jobboard.test";
const REVIEWER_EMAIL = "seeker@jobboard.test";

const COMPANIES = [
  {
    slug: "acme-robotics",
    name: "Acme Robotics",
    description: "Acme builds friendly warehouse robots and the software that coordinates them.",
    website: "https://acme-robotics.example",
    industry: "Robotics",
    size: "51-200",
    headquarters: "Berlin, Germany",
    foundedYear: 2014,
    benefits: ["Remote-friendly", "30 days of holiday", "Learning budget"],
    socialLinks: { linkedin: "https://www.linkedin.com/company/acme-robotics-example" },
    verified: true,
  },
  {
    slug: "northwind-health",
    name: "Northwind Health",
    description: "A network of community clinics hiring nurses, carers and health IT staff.",
    website: "https://northwind-health.example",
    industry: "Healthcare",
    size: "501-1000",
    headquarters: "Manchester, United Kingdom",
    foundedYear: 1998,
    benefits: ["Pension", "Paid training", "Flexible shifts"],
    socialLinks: {},
    verified: false,
  },
  {
    slug: "bluebird-logistics",
    name: "Bluebird Logistics",
    description: "Same-day delivery across the Benelux, with our own fleet and warehouses.",
    website: "https://bluebird-logistics.example",
    industry: "Logistics",
    size: "201-500",
    headquarters: "Rotterdam, Netherlands",
    foundedYear: 2009,
    benefits: ["Company car", "Overtime pay"],
    socialLinks: {},
    verified: false,
  },
];

export async function seed(ctx) {
  const q = ctx.quote;
  const now = Date.now();
  const statements = [];
  for (const c of COMPANIES) {
    statements.push(
      `INSERT OR IGNORE INTO companies (id, slug, name, description, website, industry, size, headquarters, founded_year,
         benefits, social_links, is_verified, verified_at, rating_average, rating_count, open_jobs_count, created_by,
         created_at, updated_at)
       VALUES (${q(ctx.newId())}, ${q(c.slug)}, ${q(c.name)}, ${q(c.description)}, ${q(c.website)}, ${q(c.industry)},
         ${q(c.size)}, ${q(c.headquarters)}, ${c.foundedYear}, ${q(JSON.stringify(c.benefits))},
         ${q(JSON.stringify(c.socialLinks))}, ${c.verified ? 1 : 0}, ${c.verified ? now : "NULL"}, 0, 0, 0,
         (SELECT id FROM users WHERE email = ${q(OWNER_EMAIL)}), ${now}, ${now});`,
      `INSERT OR IGNORE INTO company_members (company_id, user_id, role, created_at)
       SELECT c.id, u.id, 'owner', ${now} FROM companies c, users u
       WHERE c.slug = ${q(c.slug)} AND u.email = ${q(OWNER_EMAIL)} AND u.role = 'employer';`,
    );
  }
  statements.push(
    `INSERT OR IGNORE INTO reviews (id, company_id, author_id, rating, title, body, pros, cons, rating_culture,
       rating_work_life_balance, rating_compensation, rating_management, rating_career_growth, is_anonymous,
       employment_status, status, helpful_count, created_at, updated_at)
     SELECT ${q(ctx.newId())}, c.id, u.id, 4, 'Great robots, great people',
       'Two years on the fleet software team: interesting problems, kind colleagues and real ownership.',
       'Mentoring, modern stack', 'Release weeks can be hectic', 5, 4, 3, 4, 4, 0, 'former', 'published', 0,
       ${now}, ${now}
     FROM companies c, users u
     WHERE c.slug = 'acme-robotics' AND u.email = ${q(REVIEWER_EMAIL)} AND u.role = 'seeker';`,
    // Keep the denormalised rating equal to the published reviews, as the API does.
    `UPDATE companies SET
       rating_count = (SELECT count(*) FROM reviews r WHERE r.company_id = companies.id AND r.status = 'published'),
       rating_average = coalesce((SELECT round(avg(r.rating), 2) FROM reviews r
                                  WHERE r.company_id = companies.id AND r.status = 'published'), 0)
     WHERE slug IN (${COMPANIES.map((c) => q(c.slug)).join(", ")});`,
  );
  await ctx.sql(statements);
}
