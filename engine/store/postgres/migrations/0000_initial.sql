CREATE TABLE "access_grants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_grants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"document_id" text NOT NULL,
	"expires_at" text NOT NULL,
	"revoked_at" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"email" text NOT NULL,
	"company" text NOT NULL,
	"reason" text NOT NULL,
	"documents" json NOT NULL,
	"status" text NOT NULL,
	"decided_by" text,
	"decided_at" text,
	"nda_version" text NOT NULL,
	"nda_sha256" text NOT NULL,
	"nda_accepted_at" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"raised_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"cleared_at" text
);
--> statement-breakpoint
CREATE TABLE "audit_anchor" (
	"id" integer PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"head_hash" text NOT NULL,
	"mac" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_results" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "check_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"run_id" integer NOT NULL,
	"control_id" text NOT NULL,
	"evidence_index" integer NOT NULL,
	"evidence_id" text,
	"check_type" text NOT NULL,
	"target" text NOT NULL,
	"status" text NOT NULL,
	"observed" json,
	"expected" json,
	"message" text NOT NULL,
	"hint" text,
	"duration_ms" integer NOT NULL,
	"at" text NOT NULL,
	"attempts" integer NOT NULL,
	"waiver_reason" text,
	"waiver_expires" text,
	"waiver_active" boolean,
	"definition" text,
	"override" text
);
--> statement-breakpoint
CREATE TABLE "check_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "check_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation" text NOT NULL,
	"started_at" text NOT NULL,
	"finished_at" text NOT NULL,
	"git_commit" text,
	"passed" integer NOT NULL,
	"failed" integer NOT NULL,
	"errored" integer NOT NULL,
	"skipped" integer NOT NULL,
	"waived" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "downloads" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "downloads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grant_id" integer NOT NULL,
	"document_id" text NOT NULL,
	"at" text NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "mail_queue" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mail_queue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"headers" json,
	"created_at" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text NOT NULL,
	"sent_at" text,
	"error" text,
	"last_attempt_at" text,
	"abandoned_at" text
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"publication_id" integer NOT NULL,
	"subscriber_id" integer NOT NULL,
	"email" text NOT NULL,
	"subject" text NOT NULL,
	"transport" text NOT NULL,
	"message_id" text,
	"status" text NOT NULL,
	"error" text,
	"sent_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "publications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"content_hash" text NOT NULL,
	"published_at" text NOT NULL,
	"built_at" text NOT NULL,
	"git_commit" text,
	"snapshot" json NOT NULL,
	"audit_head" text,
	"audit_count" integer
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"token_hash" text NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"verified_at" text,
	"created_at" text NOT NULL,
	"last_seen_at" text NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "subscribers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"topic" text NOT NULL,
	"created_at" text NOT NULL,
	"confirmed_at" text,
	"unsubscribed_at" text,
	"unsubscribe_token" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text,
	"setup_token_hash" text,
	"setup_expires_at" text,
	"totp_secret" text,
	"backup_codes" json,
	"totp_last_step" integer,
	"auth_version" integer DEFAULT 0 NOT NULL,
	"disabled_at" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerability_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vulnerability_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tracking_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"steps" text NOT NULL,
	"severity" text NOT NULL,
	"contact" text NOT NULL,
	"status" text NOT NULL,
	"received_at" text NOT NULL,
	"acknowledged_at" text,
	"triaged_at" text,
	"resolved_at" text,
	"spam_at" text
);
--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_request_id_access_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."access_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_run_id_check_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."check_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "downloads" ADD CONSTRAINT "downloads_grant_id_access_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."access_grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_grants_request" ON "access_grants" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "access_requests_status" ON "access_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "alerts_open" ON "alerts" USING btree ("cleared_at","key");--> statement-breakpoint
CREATE INDEX "check_results_control_at" ON "check_results" USING btree ("control_id","at");--> statement-breakpoint
CREATE INDEX "check_results_item" ON "check_results" USING btree ("control_id","evidence_index","definition");--> statement-breakpoint
CREATE INDEX "check_results_run" ON "check_results" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "mail_queue_pending" ON "mail_queue" USING btree ("sent_at","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_publication_subscriber" ON "notifications" USING btree ("publication_id","subscriber_id");--> statement-breakpoint
CREATE INDEX "publications_hash" ON "publications" USING btree ("content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_email_topic" ON "subscribers" USING btree ("email","topic");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "vulnerability_reports_tracking" ON "vulnerability_reports" USING btree ("tracking_id");--> statement-breakpoint
CREATE INDEX "vulnerability_reports_received" ON "vulnerability_reports" USING btree ("received_at");