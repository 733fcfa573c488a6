/**
 * Demo data for the hiring pipeline: the demo seeker's applications to the
 * demo jobs, one per pipeline stage, with status history, an internal note and
 * an interview. Runs after the users/companies/jobs seeds; does nothing when
 * there are no published jobs or the demo seeker already has applications.
 *
 * Plugin API (scripts/seed.mjs): ctx.query(sql) returns rows, ctx.sql(statements[])
 * runs writes; ctx.quote(value) makes an SQL literal; ctx.newId() a UUIDv7.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STAGES = ["pending", "reviewing", "shortlisted", "interviewing", "offered", "rejected", "withdrawn"];
const PATHS = {
  pending: ["pending"],
  reviewing: ["pending", "reviewing"],
  shortlisted: ["pending", "reviewing", "shortlisted"],
  interviewing: ["pending", "reviewing", "shortlisted", "interviewing"],
  offered: ["pending", "reviewing", "shortlisted", "interviewing", "offered"],
  rejected: ["pending", "reviewing", "rejected"],
  withdrawn: ["pending", "withdrawn"],
};

const query = (ctx, statement) => ctx.query(statement);

export async function seed(ctx) {
  const q = ctx.quote;
  // One read for everything (each query is a wrangler call, seconds each): the
  // seeker, whether they already have applications, their resume, and the jobs.
  const rows = await query(
    ctx,
    `SELECT u.id AS seeker_id,
       (SELECT COUNT(*) FROM applications a WHERE a.applicant_id = u.id) AS existing,
       (SELECT r.id FROM resumes r WHERE r.user_id = u.id ORDER BY r.is_primary DESC, r.created_at LIMIT 1) AS resume_id,
       j.id, j.company_id, j.screening_questions, j.member_id
     FROM users u
     LEFT JOIN (
       SELECT j.id, j.company_id, j.screening_questions, j.published_at,
         (SELECT m.user_id FROM company_members m WHERE m.company_id = j.company_id ORDER BY m.role = 'owner' DESC LIMIT 1) AS member_id
       FROM jobs j WHERE j.status = 'published' AND j.apply_url IS NULL ORDER BY j.published_at DESC LIMIT ${STAGES.length}
     ) j ON 1 = 1
     WHERE u.email = 'seeker@jobboard.test'
     ORDER BY j.published_at DESC`,
  );
  const [first] = rows;
  if (!first) return;
  if (Number(first.existing ?? 0) > 0) return;
  const seeker = { id: first.seeker_id };
  const jobs = rows.filter((r) => r.id);
  if (jobs.length === 0) return;
  const resume = first.resume_id ? { id: first.resume_id } : undefined;

  const now = Date.now();
  const statements = [];
  jobs.forEach((job, i) => {
    const status = STAGES[i];
    const path = PATHS[status];
    const appliedAt = now - (20 - i) * DAY;
    const changedAt = appliedAt + (path.length - 1) * 2 * DAY;
    const appId = ctx.newId();
    const questions = JSON.parse(job.screening_questions || "[]");
    const answers = questions.map((question) => ({
      question_id: question.id,
      answer:
        question.type === "yes_no"
          ? true
          : question.type === "number"
            ? 5
            : question.type === "single_choice"
              ? (question.options?.[0] ?? "")
              : question.type === "multi_choice"
                ? (question.options ?? []).slice(0, 1)
                : "I would love to work on this team.",
    }));
    statements.push(
      `INSERT INTO applications (id, job_id, company_id, applicant_id, resume_id, cover_letter, answers, status, rating,
        rejection_reason, rejection_note, status_changed_at, created_at, updated_at)
       VALUES (${q(appId)}, ${q(job.id)}, ${q(job.company_id)}, ${q(seeker.id)}, ${q(resume?.id ?? null)},
        ${q("Hello! I am excited about this role and think my experience fits well.")}, ${q(JSON.stringify(answers))},
        ${q(status)}, ${status === "pending" ? "NULL" : String((i % 5) + 1)},
        ${status === "rejected" ? q("position_filled") : "NULL"}, NULL, ${changedAt}, ${appliedAt}, ${changedAt})`,
      `UPDATE jobs SET application_count = application_count + 1 WHERE id = ${q(job.id)}`,
    );
    path.forEach((to, step) => {
      const from = step === 0 ? null : path[step - 1];
      const actorRole = step === 0 || to === "withdrawn" ? "applicant" : "company";
      const actorId = actorRole === "applicant" ? seeker.id : job.member_id;
      statements.push(
        `INSERT INTO application_status_history (id, application_id, from_status, to_status, actor_role, actor_id, reason, created_at)
         VALUES (${q(ctx.newId())}, ${q(appId)}, ${q(from)}, ${q(to)}, ${q(actorRole)}, ${q(actorId ?? null)},
          ${to === "rejected" ? q("position_filled") : "NULL"}, ${appliedAt + step * 2 * DAY})`,
      );
    });
    if (job.member_id && status !== "pending") {
      statements.push(
        `INSERT INTO application_notes (id, application_id, author_id, body, created_at)
         VALUES (${q(ctx.newId())}, ${q(appId)}, ${q(job.member_id)}, ${q("Solid background; check references.")}, ${changedAt})`,
      );
    }
    if (status === "interviewing" || status === "offered") {
      const startsAt = status === "interviewing" ? now + 3 * DAY : changedAt - DAY;
      statements.push(
        `INSERT INTO interviews (id, application_id, company_id, applicant_id, scheduled_by, starts_at, duration_minutes,
          timezone, kind, location, meeting_url, notes, status, response, responded_at, sequence, created_at, updated_at)
         VALUES (${q(ctx.newId())}, ${q(appId)}, ${q(job.company_id)}, ${q(seeker.id)}, ${q(job.member_id ?? null)},
          ${startsAt}, 45, 'Europe/Berlin', 'video', NULL, 'https://meet.example.com/demo-interview',
          ${q("We will talk about your recent projects.")}, 'scheduled',
          ${status === "offered" ? "'accepted'" : "'pending'"}, NULL, 0, ${changedAt}, ${changedAt})`,
      );
    }
  });
  await ctx.sql(statements);
}
