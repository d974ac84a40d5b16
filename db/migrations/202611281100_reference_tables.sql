-- Reference data: administrative regions (Kemendagri codes, from idn-area-data), KBLI 2020
-- (manufacturing) and HS 2022. Rows are loaded by the reference-data loader after migrations.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulih_app') THEN
    CREATE ROLE pulih_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
-- The migrating role must be able to act as the application role (the pool sets `role=pulih_app`).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'pulih_app', 'MEMBER') THEN
    EXECUTE format('GRANT pulih_app TO %I', current_user);
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO pulih_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pulih_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pulih_app;

CREATE TABLE provinces (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
  name text NOT NULL
);

CREATE TABLE regencies (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}\.[0-9]{2}$'),
  province_code text NOT NULL REFERENCES provinces (code),
  name text NOT NULL
);
CREATE INDEX regencies_province_idx ON regencies (province_code);

CREATE TABLE districts (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$'),
  regency_code text NOT NULL REFERENCES regencies (code),
  name text NOT NULL
);
CREATE INDEX districts_regency_idx ON districts (regency_code);

CREATE TABLE kbli_codes (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2,5}$'),
  edition smallint NOT NULL DEFAULT 2020,
  level smallint NOT NULL CHECK (level BETWEEN 2 AND 5),
  parent_code text REFERENCES kbli_codes (code),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('indonesian', title), 'A') || setweight(to_tsvector('indonesian', description), 'C')
  ) STORED
);
CREATE INDEX kbli_codes_search_idx ON kbli_codes USING gin (search);
CREATE INDEX kbli_codes_title_trgm_idx ON kbli_codes USING gin (title gin_trgm_ops);

CREATE TABLE hs_codes (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2}){0,2}$'),
  edition smallint NOT NULL DEFAULT 2022,
  level smallint NOT NULL CHECK (level IN (2, 4, 6)),
  parent_code text REFERENCES hs_codes (code),
  section text NOT NULL,
  description text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', description)) STORED
);
CREATE INDEX hs_codes_search_idx ON hs_codes USING gin (search);
CREATE INDEX hs_codes_description_trgm_idx ON hs_codes USING gin (description gin_trgm_ops);

-- Which reference data set (name + content checksum) is loaded, so loading runs only when it changed.
CREATE TABLE reference_datasets (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  row_count integer NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
