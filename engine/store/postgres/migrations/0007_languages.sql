ALTER TABLE "access_requests" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "language" text;