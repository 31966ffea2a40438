-- The stability view councils poll, whole on the provider's row: open flag ids, a notice in force
-- and the latest period beside the rating already kept there. Kept in step by the writes that
-- change them; filled here from what they are derived from.
ALTER TABLE "providers" ADD COLUMN "open_flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "notice_in_force" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "last_return_period_end" date;--> statement-breakpoint
UPDATE "providers" p SET
  open_flags = coalesce((SELECT array_agg(DISTINCT f.rule_id ORDER BY f.rule_id) FROM flags f
                         WHERE f.provider_id = p.id AND f.status IN ('open', 'under_review', 'escalated')), '{}'),
  notice_in_force = EXISTS (SELECT 1 FROM notices n WHERE n.provider_id = p.id AND n.withdrawn_at IS NULL AND n.kind = 'failure_likely'),
  last_return_period_end = (SELECT r.period_end FROM returns r WHERE r.id = p.latest_return_id);
