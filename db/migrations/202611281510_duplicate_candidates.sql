-- Duplicate candidates are found in the background and kept, so the duplicates page reads a
-- table instead of comparing a regency's names on every view (30,000 look-alike names in one
-- regency took two minutes to compare at once).
--
-- A firm whose identifying data changes is queued (by triggers, so no writer can forget it); the
-- worker takes queued firms in batches, finds their pairs (same NIB, same owner NIK, nearest
-- similar names in the same regency), re-checks the pairs they already had, and replaces them.

CREATE TABLE firm_duplicate_queue (
  firm_id uuid PRIMARY KEY REFERENCES firms (id) ON DELETE CASCADE,
  queued_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX firm_duplicate_queue_queued_idx ON firm_duplicate_queue (queued_at);

-- One row per pair (stored ordered, firm_a < firm_b) with the evidence and the score it gives.
CREATE TABLE firm_duplicate_candidates (
  firm_a uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  firm_b uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  same_nib boolean NOT NULL,
  same_owner_nik boolean NOT NULL,
  same_regency boolean NOT NULL,
  name_similarity real NOT NULL CHECK (name_similarity BETWEEN 0 AND 1),
  score real NOT NULL CHECK (score > 0 AND score <= 1),
  reasons jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (firm_a, firm_b),
  CHECK (firm_a < firm_b)
);
CREATE INDEX firm_duplicate_candidates_b_idx ON firm_duplicate_candidates (firm_b);
CREATE INDEX firm_duplicate_candidates_score_idx ON firm_duplicate_candidates (score DESC, firm_a, firm_b);

-- Queues a firm again when something the finder compares changes. ON CONFLICT DO UPDATE (not DO
-- NOTHING) waits for a worker that holds the queue row and re-queues after it, so a change made
-- while the firm is being checked is checked again instead of lost.
CREATE FUNCTION queue_duplicate_check(firm uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO firm_duplicate_queue (firm_id) VALUES (firm)
  ON CONFLICT (firm_id) DO UPDATE SET queued_at = clock_timestamp()
$$;

CREATE FUNCTION firms_queue_duplicate_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM queue_duplicate_check(NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER firms_queue_duplicate_check_insert AFTER INSERT ON firms
  FOR EACH ROW EXECUTE FUNCTION firms_queue_duplicate_check();
CREATE TRIGGER firms_queue_duplicate_check_update AFTER UPDATE OF name, nib, province_code, regency_code, merged_into ON firms
  FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.nib IS DISTINCT FROM NEW.nib OR OLD.province_code IS DISTINCT FROM NEW.province_code
        OR OLD.regency_code IS DISTINCT FROM NEW.regency_code OR OLD.merged_into IS DISTINCT FROM NEW.merged_into)
  EXECUTE FUNCTION firms_queue_duplicate_check();

CREATE FUNCTION firm_owners_queue_duplicate_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM firms WHERE id = OLD.firm_id) THEN
    PERFORM queue_duplicate_check(OLD.firm_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM queue_duplicate_check(NEW.firm_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER firm_owners_queue_duplicate_check_insert AFTER INSERT ON firm_owners
  FOR EACH ROW WHEN (NEW.nik_hash IS NOT NULL) EXECUTE FUNCTION firm_owners_queue_duplicate_check();
CREATE TRIGGER firm_owners_queue_duplicate_check_update AFTER UPDATE OF nik_hash, firm_id ON firm_owners
  FOR EACH ROW WHEN (OLD.nik_hash IS DISTINCT FROM NEW.nik_hash OR OLD.firm_id IS DISTINCT FROM NEW.firm_id)
  EXECUTE FUNCTION firm_owners_queue_duplicate_check();
CREATE TRIGGER firm_owners_queue_duplicate_check_delete AFTER DELETE ON firm_owners
  FOR EACH ROW WHEN (OLD.nik_hash IS NOT NULL) EXECUTE FUNCTION firm_owners_queue_duplicate_check();

-- Firms recorded before this migration are checked once by the worker.
INSERT INTO firm_duplicate_queue (firm_id) SELECT id FROM firms WHERE merged_into IS NULL;
