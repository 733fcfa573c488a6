-- Recommendations read a seeker's recent views by viewer hash (signals and the viewed-job exclusion).
CREATE INDEX IF NOT EXISTS `job_views_viewer_idx` ON `job_views` (`viewer`,`day`);
