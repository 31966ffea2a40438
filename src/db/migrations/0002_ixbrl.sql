CREATE TABLE "ixbrl_extractions" (
	"provider_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"company_number" text,
	"period_start" date,
	"period_end" date,
	"accounts" jsonb NOT NULL,
	"facts" jsonb NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ixbrl_extractions_provider_id_sha256_pk" PRIMARY KEY("provider_id","sha256")
);
--> statement-breakpoint
ALTER TABLE "ixbrl_extractions" ADD CONSTRAINT "ixbrl_extractions_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;