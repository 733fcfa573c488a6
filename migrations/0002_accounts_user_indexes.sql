-- Indexes on foundation tables that the accounts module filters on: the admin
-- user list (status filter), and the daily purge of expired sessions/refresh tokens.
CREATE INDEX IF NOT EXISTS `users_status_created_idx` ON `users` (`status`, `created_at`);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `sessions_expires_idx` ON `sessions` (`expires_at`);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `refresh_tokens_expires_idx` ON `refresh_tokens` (`expires_at`);
