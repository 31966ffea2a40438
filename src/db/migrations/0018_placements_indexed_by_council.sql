-- Which providers hold a council's children is read by council alone. Keyed by council and return,
-- each filing's sixty placements went to random places in sixty councils' runs of the index; keyed
-- by council, a new entry goes to the end of its council's run (heap order), deduplicated.
DROP INDEX "return_placements_la_idx";--> statement-breakpoint
CREATE INDEX "return_placements_council_idx" ON "return_placements" USING btree ("la_code");