CREATE TABLE `audit_anchor` (
	`id` integer PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`head_hash` text NOT NULL,
	`mac` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `mail_queue` ADD `last_attempt_at` text;--> statement-breakpoint
ALTER TABLE `mail_queue` ADD `abandoned_at` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `audit_head` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `audit_count` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `totp_last_step` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `auth_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `vulnerability_reports` ADD `spam_at` text;