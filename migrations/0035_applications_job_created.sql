-- A job's applications newest first (GET /jobs/{id}/applications, issue #21):
-- `job_id = ? ORDER BY created_at DESC, id DESC LIMIT n` walks this index and
-- stops after the page. Before, SQLite read every application of the job
-- through applications_job_rating_idx, joined each to its job, company,
-- applicant and resume, and sorted them all in a temp B-tree (1 000 rows for
-- the bench's busiest job to return 20).
CREATE INDEX `applications_job_created_idx` ON `applications` (`job_id`,`created_at`,`id`);
