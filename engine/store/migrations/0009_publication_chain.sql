ALTER TABLE `publications` ADD `chain_number` integer;--> statement-breakpoint
ALTER TABLE `publications` ADD `chain_head` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `trust_json` text;--> statement-breakpoint
CREATE UNIQUE INDEX `publications_chain_number` ON `publications` (`chain_number`);