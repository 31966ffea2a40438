CREATE TABLE "council_contacts" (
	"la_code" text NOT NULL,
	"email" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "council_contacts_la_code_email_pk" PRIMARY KEY("la_code","email")
);
--> statement-breakpoint
CREATE TABLE "email_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"la_code" text NOT NULL,
	"email" text NOT NULL,
	"personalisation" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"notify_id" text
);
--> statement-breakpoint
ALTER TABLE "council_contacts" ADD CONSTRAINT "council_contacts_la_code_councils_la_code_fk" FOREIGN KEY ("la_code") REFERENCES "public"."councils"("la_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_attempts" ADD CONSTRAINT "email_attempts_delivery_id_email_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."email_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_attempts_delivery_idx" ON "email_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "email_deliveries_due_idx" ON "email_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "email_deliveries_la_idx" ON "email_deliveries" USING btree ("la_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "email_deliveries_event_key" ON "email_deliveries" USING btree ("event_id","la_code","email");