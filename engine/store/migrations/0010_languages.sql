ALTER TABLE `access_requests` ADD `language` text;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `language` text;