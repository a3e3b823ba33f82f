CREATE TABLE `check_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`control_id` text NOT NULL,
	`evidence_index` integer NOT NULL,
	`evidence_id` text,
	`check_type` text NOT NULL,
	`target` text NOT NULL,
	`status` text NOT NULL,
	`observed` text,
	`expected` text,
	`message` text NOT NULL,
	`hint` text,
	`duration_ms` integer NOT NULL,
	`at` text NOT NULL,
	`attempts` integer NOT NULL,
	`waiver_reason` text,
	`waiver_expires` text,
	`waiver_active` integer,
	FOREIGN KEY (`run_id`) REFERENCES `check_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `check_results_control_at` ON `check_results` (`control_id`,`at`);--> statement-breakpoint
CREATE INDEX `check_results_run` ON `check_results` (`run_id`);--> statement-breakpoint
CREATE TABLE `check_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`git_commit` text,
	`passed` integer NOT NULL,
	`failed` integer NOT NULL,
	`errored` integer NOT NULL,
	`skipped` integer NOT NULL,
	`waived` integer NOT NULL
);
