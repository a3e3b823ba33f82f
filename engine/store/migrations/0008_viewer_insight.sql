CREATE TABLE `view_counts` (
	`day` text NOT NULL,
	`path` text NOT NULL,
	`kind` text NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `view_counts_day_path_kind` ON `view_counts` (`day`,`path`,`kind`);--> statement-breakpoint
ALTER TABLE `downloads` ADD `watermark` text;