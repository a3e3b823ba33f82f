CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	`raised_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`cleared_at` text
);
--> statement-breakpoint
CREATE INDEX `alerts_open` ON `alerts` (`cleared_at`,`key`);--> statement-breakpoint
ALTER TABLE `check_results` ADD `definition` text;--> statement-breakpoint
ALTER TABLE `check_results` ADD `override` text;--> statement-breakpoint
CREATE INDEX `check_results_item` ON `check_results` (`control_id`,`evidence_index`,`definition`);