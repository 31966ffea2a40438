-- A return is stored as its document's text, with the few parts SQL reads beside it; not also as
-- JSONB, and not as rows per facility, covenant and setting. Parsing a full return's 40 kB into
-- JSONB was a fifth of the database's work for a filing, and the 230 rows of facilities, covenants
-- and settings (with their index entries) half its WAL, for reads that either never happened
-- (facilities, covenants) or need one part (the settings' URNs; the profit measures' service lines
-- and related parties). Every part is moved out of the JSONB before it goes: nothing is lost.
ALTER TABLE "returns" ADD COLUMN "setting_urns" jsonb;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "services" jsonb;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "related_parties" jsonb;--> statement-breakpoint
UPDATE "returns" SET
  "setting_urns" = jsonb_path_query_array("body", '$.settings[*].urn'),
  "services" = "body"->'services',
  "related_parties" = "body"->'relatedParties';--> statement-breakpoint
ALTER TABLE "returns" ALTER COLUMN "setting_urns" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ALTER COLUMN "accounts" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "returns" DROP COLUMN "body";--> statement-breakpoint
DROP TABLE "return_covenants";--> statement-breakpoint
DROP TABLE "return_facilities";--> statement-breakpoint
DROP TABLE "return_settings";
