-- Realtime tickets carry what minted them (a session, or an API key), so a
-- ticket redeemed after its session was revoked (logout, password change,
-- suspension…) or its key revoked is refused, and the socket it opens can be
-- tagged and closed on revocation (docs/notifications.md, "Revocation").
-- Tickets minted before this migration have neither and are refused; they
-- lived at most 60 s anyway.
ALTER TABLE `realtime_tickets` ADD `session_id` text REFERENCES `sessions`(`id`) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE `realtime_tickets` ADD `api_key_id` text REFERENCES `api_keys`(`id`) ON DELETE CASCADE;
