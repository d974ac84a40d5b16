-- Firm registry: sentra, firms (IKM), their owners. Firm-keyed tables carry firm_id (Citus-ready).

CREATE TABLE sentra (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  -- The trade the cluster shares, in words ("batik tulis", "kerajinan rotan").
  trade text NOT NULL CHECK (length(btrim(trade)) BETWEEN 2 AND 200),
  kbli_code text REFERENCES kbli_codes (code),
  province_code text NOT NULL REFERENCES provinces (code),
  regency_code text NOT NULL REFERENCES regencies (code),
  district_code text REFERENCES districts (code),
  -- A sentra is bounded by a village (desa/kelurahan).
  village text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (province_code = split_part(regency_code, '.', 1)),
  CHECK (district_code IS NULL OR regency_code = substr(district_code, 1, 5))
);
CREATE UNIQUE INDEX sentra_regency_name_key ON sentra (regency_code, lower(name));

CREATE TABLE firms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organisation whose users (firm owners and staff) sign in for this firm, once it has one.
  organisation_id uuid UNIQUE REFERENCES organisations (id),
  nib text CHECK (nib ~ '^[0-9]{13}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  legal_form text NOT NULL DEFAULT 'perorangan'
    CHECK (legal_form IN ('perorangan', 'ud', 'cv', 'firma', 'pt', 'pt_perorangan', 'koperasi', 'lainnya')),
  address text,
  province_code text NOT NULL REFERENCES provinces (code),
  regency_code text NOT NULL REFERENCES regencies (code),
  district_code text REFERENCES districts (code),
  kbli_main text REFERENCES kbli_codes (code),
  kbli_others text[] NOT NULL DEFAULT '{}',
  workers_total integer CHECK (workers_total >= 0),
  workers_women integer CHECK (workers_women >= 0 AND (workers_total IS NULL OR workers_women <= workers_total)),
  -- Investment value excluding land and buildings (Permenperin 64/2016), IDR.
  investment_idr bigint CHECK (investment_idr >= 0),
  annual_turnover_idr bigint CHECK (annual_turnover_idr >= 0),
  year_founded smallint CHECK (year_founded BETWEEN 1900 AND 2100),
  certifications text[] NOT NULL DEFAULT '{}',
  export_experience boolean NOT NULL DEFAULT false,
  sentra_id uuid REFERENCES sentra (id),
  store_links jsonb NOT NULL DEFAULT '[]',
  -- Size class per Permenperin 64/2016, derived here so it is never typed in; the same rule is
  -- server/modules/registry/normalise/size-class.ts (a test keeps the two in agreement).
  size_class text GENERATED ALWAYS AS (
    CASE
      WHEN workers_total IS NOT NULL AND investment_idr IS NOT NULL THEN
        CASE
          WHEN workers_total <= 19 AND investment_idr < 1000000000 THEN 'small'
          WHEN workers_total <= 19 OR investment_idr <= 15000000000 THEN 'medium'
          ELSE 'large'
        END
      WHEN investment_idr BETWEEN 1000000000 AND 15000000000 THEN 'medium'
    END
  ) STORED,
  source text NOT NULL CHECK (source IN ('self_registered', 'officer', 'import')),
  source_import_id uuid,
  source_row integer,
  verification_status text NOT NULL DEFAULT 'unverified' CHECK (verification_status IN ('unverified', 'verified')),
  verified_by uuid REFERENCES users (id),
  verified_at timestamptz,
  search tsvector GENERATED ALWAYS AS (to_tsvector('indonesian', name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (province_code = split_part(regency_code, '.', 1)),
  CHECK (district_code IS NULL OR regency_code = substr(district_code, 1, 5)),
  CHECK ((verification_status = 'verified') = (verified_at IS NOT NULL))
);
CREATE UNIQUE INDEX firms_nib_key ON firms (nib) WHERE nib IS NOT NULL;
CREATE INDEX firms_region_idx ON firms (province_code, regency_code);
CREATE INDEX firms_kbli_idx ON firms (kbli_main);
CREATE INDEX firms_sentra_idx ON firms (sentra_id);
CREATE INDEX firms_name_order_idx ON firms (lower(name), id);
CREATE INDEX firms_search_idx ON firms USING gin (search);
-- GiST (not GIN) so that typo search can take the nearest names by trigram distance (KNN).
CREATE INDEX firms_name_trgm_idx ON firms USING gist (name gist_trgm_ops);

CREATE TABLE firm_owners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  -- NIK and phone: AES-256-GCM ciphertext, HMAC blind index for look-ups, masked form for display.
  nik_enc text,
  nik_hash bytea,
  nik_masked text,
  phone_enc text,
  phone_hash bytea,
  phone_masked text,
  email text CHECK (email = lower(email)),
  is_primary boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((nik_enc IS NULL) = (nik_hash IS NULL) AND (nik_enc IS NULL) = (nik_masked IS NULL)),
  CHECK ((phone_enc IS NULL) = (phone_hash IS NULL) AND (phone_enc IS NULL) = (phone_masked IS NULL))
);
CREATE UNIQUE INDEX firm_owners_primary_key ON firm_owners (firm_id) WHERE is_primary;
CREATE INDEX firm_owners_nik_hash_idx ON firm_owners (nik_hash);
CREATE INDEX firm_owners_phone_hash_idx ON firm_owners (phone_hash);
