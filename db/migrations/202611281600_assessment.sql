-- Impact and needs assessment: survey rounds, one response per firm and round (edits are
-- versions), its raw-material shortfalls and held export contracts, and the rollups the national
-- dashboard reads.

CREATE TABLE survey_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 3 AND 120),
  -- The month the answers describe ("omzet bulan ini"), stored as its first day.
  reference_month date NOT NULL CHECK (extract(day FROM reference_month) = 1),
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  -- Null: every province; otherwise the Kemendagri codes of the provinces asked.
  province_codes text[] CHECK (province_codes IS NULL OR cardinality(province_codes) > 0),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_on >= opens_on)
);
CREATE INDEX survey_rounds_month_idx ON survey_rounds (reference_month DESC, created_at DESC);

-- One response per (round, firm). The firm's region, KBLI division and size class are copied in
-- (kept in step with the registry by a trigger on firms) so the rollups group without joins.
CREATE TABLE survey_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES survey_rounds (id),
  firm_id uuid NOT NULL REFERENCES firms (id),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- self: the firm owner; assisted: an officer or enumerator for the firm; import: a spreadsheet.
  mode text NOT NULL CHECK (mode IN ('self', 'assisted', 'import')),
  entered_by uuid REFERENCES users (id),
  -- The import (and row) the current version came from, for mode 'import'.
  import_id uuid REFERENCES imports (id),
  import_row integer,
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  baseline_turnover_idr bigint NOT NULL CHECK (baseline_turnover_idr >= 0),
  reference_turnover_idr bigint NOT NULL CHECK (reference_turnover_idr >= 0),
  -- (reference − baseline) / baseline × 100 in tenths of a percentage point (−1000 = −100.0 %);
  -- null when the baseline is 0. The dashboard's sales change figures are over this value.
  sales_change_tenths integer GENERATED ALWAYS AS (
    CASE WHEN baseline_turnover_idr > 0 THEN
      round((reference_turnover_idr - baseline_turnover_idr)::numeric * 1000 / baseline_turnover_idr)::integer
    END
  ) STORED,
  channels text[] NOT NULL DEFAULT '{}' CHECK (channels <@ ARRAY['offline', 'own_online', 'marketplace', 'export']),
  workers_before integer NOT NULL CHECK (workers_before >= 0),
  workers_working integer NOT NULL CHECK (workers_working >= 0),
  sent_home_paid integer NOT NULL DEFAULT 0 CHECK (sent_home_paid >= 0),
  sent_home_partly_paid integer NOT NULL DEFAULT 0 CHECK (sent_home_partly_paid >= 0),
  sent_home_unpaid integer NOT NULL DEFAULT 0 CHECK (sent_home_unpaid >= 0),
  laid_off integer NOT NULL DEFAULT 0 CHECK (laid_off >= 0),
  -- Needs in the order the firm ranked them (first = most needed).
  needs text[] NOT NULL DEFAULT '{}' CHECK (needs <@ ARRAY['marketing', 'raw_materials', 'financing', 'export', 'other']),
  notes text CHECK (length(notes) <= 4000),
  -- Set from the child rows by the writer, so firm-level counts need no join.
  has_material_shortfall boolean NOT NULL DEFAULT false,
  has_export_held boolean NOT NULL DEFAULT false,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_id, firm_id),
  CHECK (workers_working + sent_home_paid + sent_home_partly_paid + sent_home_unpaid + laid_off <= workers_before)
);
CREATE INDEX survey_responses_firm_idx ON survey_responses (firm_id, submitted_at DESC);
CREATE INDEX survey_responses_round_region_idx ON survey_responses (round_id, province_code, regency_code);
CREATE INDEX survey_responses_round_change_idx ON survey_responses (round_id, sales_change_tenths);

CREATE TABLE survey_response_materials (
  response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
  seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 50),
  material text NOT NULL CHECK (length(btrim(material)) BETWEEN 1 AND 120),
  -- Lower-cased, single-spaced: how shortfalls of one material from many firms are added up.
  material_key text GENERATED ALWAYS AS (lower(regexp_replace(btrim(material), '\s+', ' ', 'g'))) STORED,
  unit text NOT NULL CHECK (length(btrim(unit)) BETWEEN 1 AND 20),
  needed_per_month numeric(16, 3) NOT NULL CHECK (needed_per_month >= 0),
  obtained numeric(16, 3) NOT NULL CHECK (obtained >= 0),
  cause text NOT NULL CHECK (cause IN ('price', 'import_disruption', 'supplier_stopped', 'transport', 'other')),
  PRIMARY KEY (response_id, seq),
  CHECK (obtained <= needed_per_month)
);

CREATE TABLE survey_response_exports (
  response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
  seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 50),
  contracts integer NOT NULL CHECK (contracts >= 1),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  value numeric(18, 2) NOT NULL CHECK (value >= 0),
  -- ISO 3166-1 alpha-2; the value is counted once under each destination.
  destination_countries text[] NOT NULL CHECK (cardinality(destination_countries) BETWEEN 1 AND 20),
  goods_produced boolean NOT NULL DEFAULT false,
  PRIMARY KEY (response_id, seq)
);

-- Every version of a response as it was submitted (the response row holds the latest).
CREATE TABLE survey_response_versions (
  response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
  version integer NOT NULL,
  mode text NOT NULL,
  entered_by uuid REFERENCES users (id),
  answers jsonb NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (response_id, version)
);

-- Client-generated submission ids (offline entry): the same submission sent again is answered
-- with what the first one did, and writes nothing.
CREATE TABLE survey_submissions (
  id uuid PRIMARY KEY,
  response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
  version integer NOT NULL,
  submitted_by uuid REFERENCES users (id),
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Keeps the copied firm attributes (responses, and triage_candidates below) in step with the registry.
CREATE FUNCTION firms_sync_survey_responses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE survey_responses SET
    province_code = NEW.province_code,
    regency_code = NEW.regency_code,
    kbli_division = coalesce(substr(NEW.kbli_main, 1, 2), '--'),
    size_class = coalesce(NEW.size_class, 'unknown')
  WHERE firm_id = NEW.id;
  UPDATE triage_candidates SET
    province_code = NEW.province_code,
    regency_code = NEW.regency_code,
    kbli_division = coalesce(substr(NEW.kbli_main, 1, 2), '--'),
    size_class = coalesce(NEW.size_class, 'unknown')
  WHERE firm_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER firms_sync_survey_responses AFTER UPDATE OF province_code, regency_code, kbli_main, workers_total, investment_idr ON firms
  FOR EACH ROW
  WHEN (OLD.province_code IS DISTINCT FROM NEW.province_code OR OLD.regency_code IS DISTINCT FROM NEW.regency_code
        OR OLD.kbli_main IS DISTINCT FROM NEW.kbli_main OR OLD.size_class IS DISTINCT FROM NEW.size_class)
  EXECUTE FUNCTION firms_sync_survey_responses();

-- ---------------------------------------------------------------------------------------------
-- Rollups. Each holds, per round, one row per group of a 12-way cube over the filters the
-- dashboard offers: area (national '' / province / regency) × KBLI division ('' or '10'…'33') ×
-- size class ('' or small/medium/large/unknown); '' means "all", '--' a firm without KBLI. A view with any filter reads
-- the rows of exactly one group, so its cost does not grow with the number of firms.
-- Changes reach the rollups through assessment_rollup_events (written by triggers in the same
-- transaction as the change) which a single applier folds in within seconds (see rollups.ts).
-- ---------------------------------------------------------------------------------------------

CREATE TABLE assessment_rollup_events (
  id bigserial PRIMARY KEY,
  round_id uuid NOT NULL,
  -- +1: the row counts from now on; −1: its earlier state no longer counts.
  sign smallint NOT NULL CHECK (sign IN (-1, 1)),
  -- response: a response's own figures; material / export: one child row; firm: a registry firm
  -- (the denominator of the response rate), round_id then being the nil uuid.
  kind text NOT NULL CHECK (kind IN ('response', 'material', 'export', 'firm')),
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  data jsonb NOT NULL
);

-- Totals of a group: firms assessed and their figures; firms in the registry (round_id nil).
CREATE TABLE assessment_rollup_totals (
  round_id uuid NOT NULL,
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  firms bigint NOT NULL DEFAULT 0,
  firms_with_baseline bigint NOT NULL DEFAULT 0,
  sales_change_tenths_sum bigint NOT NULL DEFAULT 0,
  firms_drop_50 bigint NOT NULL DEFAULT 0,
  workers_before bigint NOT NULL DEFAULT 0,
  workers_working bigint NOT NULL DEFAULT 0,
  sent_home_paid bigint NOT NULL DEFAULT 0,
  sent_home_partly_paid bigint NOT NULL DEFAULT 0,
  sent_home_unpaid bigint NOT NULL DEFAULT 0,
  laid_off bigint NOT NULL DEFAULT 0,
  firms_sent_home bigint NOT NULL DEFAULT 0,
  firms_sent_home_unpaid bigint NOT NULL DEFAULT 0,
  firms_laid_off bigint NOT NULL DEFAULT 0,
  firms_material_shortfall bigint NOT NULL DEFAULT 0,
  firms_export_held bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, province_code, regency_code, kbli_division, size_class)
);

-- How many firms of a group have each sales change (tenths of a point): median, mean, the
-- histogram and the drop counts all follow exactly from it.
CREATE TABLE assessment_rollup_changes (
  round_id uuid NOT NULL,
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  sales_change_tenths integer NOT NULL,
  firms bigint NOT NULL,
  PRIMARY KEY (round_id, province_code, regency_code, kbli_division, size_class, sales_change_tenths)
);

-- Needs: per need, firms naming it, firms ranking it first, and the rank points (5 for first…).
CREATE TABLE assessment_rollup_needs (
  round_id uuid NOT NULL,
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  need text NOT NULL,
  firms bigint NOT NULL,
  firms_first bigint NOT NULL,
  points bigint NOT NULL,
  PRIMARY KEY (round_id, province_code, regency_code, kbli_division, size_class, need)
);

-- Raw-material shortfalls per material and unit.
CREATE TABLE assessment_rollup_materials (
  round_id uuid NOT NULL,
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  material_key text NOT NULL,
  unit_key text NOT NULL,
  firms bigint NOT NULL,
  needed numeric NOT NULL,
  obtained numeric NOT NULL,
  PRIMARY KEY (round_id, province_code, regency_code, kbli_division, size_class, material_key, unit_key)
);

-- Held export contracts per destination and currency (a contract to several destinations counts
-- under each).
CREATE TABLE assessment_rollup_exports (
  round_id uuid NOT NULL,
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  country text NOT NULL,
  currency text NOT NULL,
  contracts bigint NOT NULL,
  value numeric NOT NULL,
  PRIMARY KEY (round_id, province_code, regency_code, kbli_division, size_class, country, currency)
);

-- Events from responses and their child rows.
CREATE FUNCTION survey_rollup_event(round uuid, sign smallint, kind text, r survey_responses, data jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO assessment_rollup_events (round_id, sign, kind, province_code, regency_code, kbli_division, size_class, data)
  VALUES (round, sign, kind, r.province_code, r.regency_code, r.kbli_division, r.size_class, data)
$$;

CREATE FUNCTION survey_responses_rollup_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  child record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM survey_rollup_event(OLD.round_id, -1::smallint, 'response', OLD, to_jsonb(OLD));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM survey_rollup_event(NEW.round_id, 1::smallint, 'response', NEW, to_jsonb(NEW));
  END IF;
  -- The firm moved (region, sector or size changed): its child rows move to the new group too.
  IF TG_OP = 'UPDATE' AND (OLD.province_code, OLD.regency_code, OLD.kbli_division, OLD.size_class)
                        IS DISTINCT FROM (NEW.province_code, NEW.regency_code, NEW.kbli_division, NEW.size_class) THEN
    FOR child IN SELECT to_jsonb(m) AS data FROM survey_response_materials m WHERE m.response_id = NEW.id LOOP
      PERFORM survey_rollup_event(OLD.round_id, -1::smallint, 'material', OLD, child.data);
      PERFORM survey_rollup_event(NEW.round_id, 1::smallint, 'material', NEW, child.data);
    END LOOP;
    FOR child IN SELECT to_jsonb(e) AS data FROM survey_response_exports e WHERE e.response_id = NEW.id LOOP
      PERFORM survey_rollup_event(OLD.round_id, -1::smallint, 'export', OLD, child.data);
      PERFORM survey_rollup_event(NEW.round_id, 1::smallint, 'export', NEW, child.data);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER survey_responses_rollup_event AFTER INSERT OR UPDATE OR DELETE ON survey_responses
  FOR EACH ROW EXECUTE FUNCTION survey_responses_rollup_event();

-- A deleted response takes its child rows out of the rollups here, before the cascade removes
-- them (their own triggers then find no response and add nothing).
CREATE FUNCTION survey_responses_rollup_children_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  child record;
BEGIN
  FOR child IN SELECT to_jsonb(m) AS data FROM survey_response_materials m WHERE m.response_id = OLD.id LOOP
    PERFORM survey_rollup_event(OLD.round_id, -1::smallint, 'material', OLD, child.data);
  END LOOP;
  FOR child IN SELECT to_jsonb(e) AS data FROM survey_response_exports e WHERE e.response_id = OLD.id LOOP
    PERFORM survey_rollup_event(OLD.round_id, -1::smallint, 'export', OLD, child.data);
  END LOOP;
  RETURN OLD;
END
$$;
CREATE TRIGGER survey_responses_rollup_children_delete BEFORE DELETE ON survey_responses
  FOR EACH ROW EXECUTE FUNCTION survey_responses_rollup_children_delete();

-- A child row counts under its response's group as it is when the child row changes.
CREATE FUNCTION survey_children_rollup_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r survey_responses%ROWTYPE;
  kind text := CASE TG_TABLE_NAME WHEN 'survey_response_materials' THEN 'material' ELSE 'export' END;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT * INTO r FROM survey_responses WHERE id = OLD.response_id;
    IF FOUND THEN
      PERFORM survey_rollup_event(r.round_id, -1::smallint, kind, r, to_jsonb(OLD));
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT * INTO r FROM survey_responses WHERE id = NEW.response_id;
    PERFORM survey_rollup_event(r.round_id, 1::smallint, kind, r, to_jsonb(NEW));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER survey_response_materials_rollup_event AFTER INSERT OR UPDATE OR DELETE ON survey_response_materials
  FOR EACH ROW EXECUTE FUNCTION survey_children_rollup_event();
CREATE TRIGGER survey_response_exports_rollup_event AFTER INSERT OR UPDATE OR DELETE ON survey_response_exports
  FOR EACH ROW EXECUTE FUNCTION survey_children_rollup_event();

-- Events from the registry: the firms a response rate is out of (merged firms do not count).
CREATE FUNCTION firms_rollup_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.merged_into IS NULL THEN
    INSERT INTO assessment_rollup_events (round_id, sign, kind, province_code, regency_code, kbli_division, size_class, data)
    VALUES ('00000000-0000-0000-0000-000000000000', -1, 'firm', OLD.province_code, OLD.regency_code, coalesce(substr(OLD.kbli_main, 1, 2), '--'),
            coalesce(OLD.size_class, 'unknown'), '{}');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.merged_into IS NULL THEN
    INSERT INTO assessment_rollup_events (round_id, sign, kind, province_code, regency_code, kbli_division, size_class, data)
    VALUES ('00000000-0000-0000-0000-000000000000', 1, 'firm', NEW.province_code, NEW.regency_code, coalesce(substr(NEW.kbli_main, 1, 2), '--'),
            coalesce(NEW.size_class, 'unknown'), '{}');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER firms_rollup_event_insert AFTER INSERT ON firms FOR EACH ROW EXECUTE FUNCTION firms_rollup_event();
CREATE TRIGGER firms_rollup_event_delete AFTER DELETE ON firms FOR EACH ROW EXECUTE FUNCTION firms_rollup_event();
CREATE TRIGGER firms_rollup_event_update AFTER UPDATE OF province_code, regency_code, kbli_main, workers_total, investment_idr, merged_into ON firms
  FOR EACH ROW
  WHEN (OLD.province_code IS DISTINCT FROM NEW.province_code OR OLD.regency_code IS DISTINCT FROM NEW.regency_code
        OR OLD.kbli_main IS DISTINCT FROM NEW.kbli_main OR OLD.size_class IS DISTINCT FROM NEW.size_class
        OR OLD.merged_into IS DISTINCT FROM NEW.merged_into)
  EXECUTE FUNCTION firms_rollup_event();

-- Firms recorded before this migration.
INSERT INTO assessment_rollup_events (round_id, sign, kind, province_code, regency_code, kbli_division, size_class, data)
SELECT '00000000-0000-0000-0000-000000000000', 1, 'firm', province_code, regency_code, coalesce(substr(kbli_main, 1, 2), '--'), coalesce(size_class, 'unknown'), '{}'
FROM firms WHERE merged_into IS NULL;

-- Responses arrive by spreadsheet too (npx pulih import responses --round R FILE).
ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('firms', 'responses'));
ALTER TABLE imports ADD COLUMN round_id uuid REFERENCES survey_rounds (id);
ALTER TABLE imports ADD CONSTRAINT imports_round_check CHECK ((kind = 'responses') = (round_id IS NOT NULL));

-- Triage: each firm's needs profile from its latest response (the round with the latest reference
-- month), and its rank score per programme it is a candidate for. Written with the response.
CREATE TABLE firm_needs_profiles (
  firm_id uuid PRIMARY KEY REFERENCES firms (id),
  response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
  round_id uuid NOT NULL REFERENCES survey_rounds (id),
  severity smallint NOT NULL CHECK (severity BETWEEN 0 AND 100),
  reasons jsonb NOT NULL,
  needs text[] NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE triage_candidates (
  programme text NOT NULL CHECK (programme IN ('marketplace', 'raw_materials', 'financing', 'export')),
  firm_id uuid NOT NULL REFERENCES firms (id),
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 200),
  province_code text NOT NULL,
  regency_code text NOT NULL,
  kbli_division text NOT NULL,
  size_class text NOT NULL,
  PRIMARY KEY (programme, firm_id)
);
CREATE INDEX triage_candidates_rank_idx ON triage_candidates (programme, score DESC, firm_id);
CREATE INDEX triage_candidates_region_idx ON triage_candidates (programme, province_code, regency_code, score DESC, firm_id);
