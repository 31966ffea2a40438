-- The audit chain is extended as each transaction commits, not while it runs. An entry is inserted
-- with a negative placeholder seq and the canonical text around its number (chain_head, chain_tail);
-- a deferred constraint trigger numbers and hashes it at COMMIT, under the chain's advisory lock,
-- against the last committed entry. The lock is held for the commit alone, not for the round trips
-- of the rest of the transaction: with it held from the append to the commit, filings queued on it.
ALTER TABLE "audit_log" ADD COLUMN "chain_head" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_tail" text;--> statement-breakpoint
CREATE SEQUENCE "audit_log_pending_seq";--> statement-breakpoint
CREATE FUNCTION "audit_log_seal"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  next_seq bigint;
BEGIN
  -- Each statement below reads a fresh snapshot only under READ COMMITTED: under a stricter level
  -- the last entry read could be stale and the chain would fork.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'audit entries must be written in READ COMMITTED transactions';
  END IF;
  PERFORM pg_advisory_xact_lock(7340021);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log WHERE seq > 0 ORDER BY seq DESC LIMIT 1;
  next_seq := coalesce(last_seq, 0) + 1;
  last_hash := coalesce(last_hash, repeat('0', 64));
  UPDATE audit_log SET
    seq = next_seq,
    prev_hash = last_hash,
    hash = encode(sha256(convert_to(last_hash || chain_head || next_seq::text || chain_tail, 'UTF8')), 'hex'),
    chain_head = NULL,
    chain_tail = NULL
  WHERE seq = NEW.seq;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "audit_log_chain" AFTER INSERT ON "audit_log"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "audit_log_seal"();
