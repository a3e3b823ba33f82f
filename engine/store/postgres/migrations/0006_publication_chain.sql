ALTER TABLE "publications" ADD COLUMN "chain_number" integer;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "chain_head" text;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "trust_json" text;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_chain_number" ON "publications" USING btree ("chain_number");