CREATE TABLE "ofsted_loads" (
	"id" integer PRIMARY KEY NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	"loaded_by" text NOT NULL,
	"sha256" text NOT NULL,
	"settings" integer NOT NULL,
	"by_judgement" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ofsted_settings" (
	"load_id" integer NOT NULL,
	"urn" text NOT NULL,
	"row" integer NOT NULL,
	"provision_type" text,
	"name" text,
	"registration_status" text NOT NULL,
	"places" integer,
	"local_authority" text,
	"judgement" text,
	"inspection_date" date,
	CONSTRAINT "ofsted_settings_load_id_urn_pk" PRIMARY KEY("load_id","urn")
);
