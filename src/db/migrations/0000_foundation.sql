CREATE TABLE "returns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"version" integer NOT NULL,
	"supersedes" uuid,
	"superseded_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" text NOT NULL,
	"body_sha256" text NOT NULL,
	"body" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	"summary" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "councils" (
	"la_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"children_looked_after" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "designations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider_id" uuid NOT NULL,
	"designated" boolean NOT NULL,
	"reason" text NOT NULL,
	"responsible_individual" text,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"locked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"company_number" text NOT NULL,
	"kind" text NOT NULL,
	"designated" boolean DEFAULT false NOT NULL,
	"rating" text DEFAULT 'unrated' NOT NULL,
	"pe_backed" boolean,
	"latest_return_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "return_covenants" (
	"return_id" uuid NOT NULL,
	"facility_idx" integer NOT NULL,
	"idx" integer NOT NULL,
	"metric" text NOT NULL,
	"kind" text NOT NULL,
	"limit" numeric NOT NULL,
	"actual" numeric NOT NULL,
	"test_date" date NOT NULL,
	CONSTRAINT "return_covenants_return_id_facility_idx_idx_pk" PRIMARY KEY("return_id","facility_idx","idx")
);
--> statement-breakpoint
CREATE TABLE "return_facilities" (
	"return_id" uuid NOT NULL,
	"idx" integer NOT NULL,
	"lender" text NOT NULL,
	"kind" text NOT NULL,
	"shareholder_loan" boolean NOT NULL,
	"committed" bigint NOT NULL,
	"drawn" bigint NOT NULL,
	"maturity_date" date NOT NULL,
	"interest_rate_pct" numeric,
	"pik" boolean,
	CONSTRAINT "return_facilities_return_id_idx_pk" PRIMARY KEY("return_id","idx")
);
--> statement-breakpoint
CREATE TABLE "return_placements" (
	"return_id" uuid NOT NULL,
	"la_code" text NOT NULL,
	"children" integer NOT NULL,
	CONSTRAINT "return_placements_return_id_la_code_pk" PRIMARY KEY("return_id","la_code")
);
--> statement-breakpoint
CREATE TABLE "return_settings" (
	"return_id" uuid NOT NULL,
	"urn" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"places" integer NOT NULL,
	"la_code" text NOT NULL,
	CONSTRAINT "return_settings_return_id_urn_pk" PRIMARY KEY("return_id","urn")
);
--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designations" ADD CONSTRAINT "designations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_covenants" ADD CONSTRAINT "return_covenants_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_facilities" ADD CONSTRAINT "return_facilities_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_placements" ADD CONSTRAINT "return_placements_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_settings" ADD CONSTRAINT "return_settings_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "returns_version_key" ON "returns" USING btree ("provider_id","period_end","version");--> statement-breakpoint
CREATE UNIQUE INDEX "returns_latest_key" ON "returns" USING btree ("provider_id","period_end") WHERE superseded_by is null;--> statement-breakpoint
CREATE INDEX "returns_provider_submitted_idx" ON "returns" USING btree ("provider_id","submitted_at");--> statement-breakpoint
CREATE INDEX "audit_object_idx" ON "audit_log" USING btree ("object_type","object_id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_sub");--> statement-breakpoint
CREATE INDEX "designations_provider_idx" ON "designations" USING btree ("provider_id","decided_at");--> statement-breakpoint
CREATE INDEX "idempotency_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "providers_company_number_key" ON "providers" USING btree ("company_number");--> statement-breakpoint
CREATE INDEX "providers_created_id_idx" ON "providers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "providers_latest_return_idx" ON "providers" USING btree ("latest_return_id");--> statement-breakpoint
CREATE INDEX "return_facilities_maturity_idx" ON "return_facilities" USING btree ("maturity_date");--> statement-breakpoint
CREATE INDEX "return_placements_la_idx" ON "return_placements" USING btree ("la_code","return_id");--> statement-breakpoint
CREATE INDEX "return_settings_la_idx" ON "return_settings" USING btree ("la_code");