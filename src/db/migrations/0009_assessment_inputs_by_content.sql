-- What assessments read besides the return, stored once by content: as exact JSON text, under its
-- SHA-256 (anyone can check a row against its key). Rows kept before this move here as they were stored.
CREATE TABLE "assessment_inputs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"inputs" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "assessment_inputs" ("sha256", "inputs")
  SELECT DISTINCT ON (h) h, t FROM (SELECT encode(sha256(convert_to(inputs::text, 'UTF8')), 'hex') AS h, inputs::text AS t FROM "assessments") s;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "inputs_sha256" text;--> statement-breakpoint
UPDATE "assessments" SET "inputs_sha256" = encode(sha256(convert_to(inputs::text, 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "assessments" ALTER COLUMN "inputs_sha256" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_inputs_sha256_assessment_inputs_sha256_fk" FOREIGN KEY ("inputs_sha256") REFERENCES "public"."assessment_inputs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A mid-size assessment's output (2–3 kB) is kept inline and uncompressed: compressing every row
-- was a large share of a reassessment's database time.
ALTER TABLE "assessments" SET (toast_tuple_target = 8160);
