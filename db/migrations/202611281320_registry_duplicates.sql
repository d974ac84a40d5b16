-- Firm registry duplicates: the same firm arrives from several offices and spellings. Officers
-- decide candidate pairs (distinct, or merged field by field); merges keep snapshots of both
-- records so they can be reverted exactly.

-- btree_gist lets one GiST index hold the regency and the name trigrams, so each firm's nearest
-- names in its own regency come from one KNN index scan.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A merged firm leaves lists and searches but stays in the table, restorable from its merge.
ALTER TABLE firms ADD COLUMN merged_into uuid REFERENCES firms (id);
CREATE INDEX firms_merged_into_idx ON firms (merged_into) WHERE merged_into IS NOT NULL;

-- A merged firm keeps its NIB (for an exact revert) while the survivor may take the same NIB.
DROP INDEX firms_nib_key;
CREATE UNIQUE INDEX firms_nib_key ON firms (nib) WHERE nib IS NOT NULL AND merged_into IS NULL;

-- GiST so that the duplicate finder can take each firm's nearest names within its regency (KNN).
CREATE INDEX firms_regency_name_trgm_idx ON firms USING gist (regency_code, name gist_trgm_ops) WHERE merged_into IS NULL;

-- One decision per pair, the pair stored ordered (firm_a < firm_b) so (a, b) and (b, a) are one row.
CREATE TABLE firm_duplicate_decisions (
  firm_a uuid NOT NULL REFERENCES firms (id),
  firm_b uuid NOT NULL REFERENCES firms (id),
  decision text NOT NULL CHECK (decision IN ('distinct', 'merged')),
  note text CHECK (length(note) <= 1000),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (firm_a, firm_b),
  CHECK (firm_a < firm_b)
);
CREATE INDEX firm_duplicate_decisions_b_idx ON firm_duplicate_decisions (firm_b);

CREATE TABLE firm_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survivor_id uuid NOT NULL REFERENCES firms (id),
  merged_id uuid NOT NULL REFERENCES firms (id),
  -- Which side each field came from: {"name": "merged", "nib": "survivor", ...} (provenance).
  field_choices jsonb NOT NULL,
  -- Both firms' rows and all their owner rows as stored before the merge (to_jsonb of the rows;
  -- personal data stays the stored ciphertext, keyed hash and masked form, never decrypted).
  survivor_snapshot jsonb NOT NULL,
  merged_snapshot jsonb NOT NULL,
  survivor_owners_snapshot jsonb NOT NULL DEFAULT '[]',
  merged_owners_snapshot jsonb NOT NULL DEFAULT '[]',
  merged_by uuid REFERENCES users (id),
  merged_at timestamptz NOT NULL DEFAULT now(),
  reverted_by uuid REFERENCES users (id),
  reverted_at timestamptz,
  CHECK (survivor_id <> merged_id),
  CHECK (reverted_by IS NULL OR reverted_at IS NOT NULL)
);
CREATE INDEX firm_merges_survivor_idx ON firm_merges (survivor_id, merged_at DESC);
CREATE INDEX firm_merges_merged_idx ON firm_merges (merged_id, merged_at DESC);
