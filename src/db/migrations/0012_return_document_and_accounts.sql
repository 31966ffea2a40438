-- Each return's document also as JSON text (reassessment reads it: turning JSONB back into text
-- cost it four times as much), filled for the returns already stored, compressed as the documents
-- are (LZ4 where the server has it); and the filed accounts beside it, all the next period's
-- assessment reads of an earlier return.
ALTER TABLE "returns" ADD COLUMN "document" text;--> statement-breakpoint
DO $$
BEGIN
  ALTER TABLE "returns" ALTER COLUMN "document" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;--> statement-breakpoint
UPDATE "returns" SET "document" = "body"::text;--> statement-breakpoint
ALTER TABLE "returns" ALTER COLUMN "document" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "accounts" jsonb GENERATED ALWAYS AS (body->'accounts') STORED;
