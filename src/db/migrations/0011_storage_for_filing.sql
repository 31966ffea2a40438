-- Settings by council: no query reads them so; the index cost every full filing 150 entries.
DROP INDEX "return_settings_la_idx";--> statement-breakpoint
-- The large documents compressed with LZ4 where the server has it (PostgreSQL built with lz4, as
-- the distributions' are; PGlite is not): several times cheaper to compress on write than pglz.
DO $$
BEGIN
  ALTER TABLE "returns" ALTER COLUMN "body" SET COMPRESSION lz4;
  ALTER TABLE "assessments" ALTER COLUMN "output" SET COMPRESSION lz4;
  ALTER TABLE "assessment_inputs" ALTER COLUMN "inputs" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
