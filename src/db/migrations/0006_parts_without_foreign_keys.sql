-- A return's parts are written only by the statement that writes the return, from its stored document,
-- and returns are never deleted: the foreign keys cost 290 trigger calls per full filing.
ALTER TABLE "return_covenants" DROP CONSTRAINT "return_covenants_return_id_returns_id_fk";
--> statement-breakpoint
ALTER TABLE "return_facilities" DROP CONSTRAINT "return_facilities_return_id_returns_id_fk";
--> statement-breakpoint
ALTER TABLE "return_placements" DROP CONSTRAINT "return_placements_return_id_returns_id_fk";
--> statement-breakpoint
ALTER TABLE "return_settings" DROP CONSTRAINT "return_settings_return_id_returns_id_fk";
