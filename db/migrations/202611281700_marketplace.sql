-- Marketplace programme, core: the partner marketplaces (as data), the firm owners' consent to
-- share their firm with one, and the onboarding pipeline of each (firm, marketplace) with every
-- stage change kept. Firm-keyed tables carry firm_id (Citus-ready).

CREATE TABLE marketplaces (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,30}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 100),
  -- The partner organisation whose marketplace_partner users sign in to this marketplace's view.
  organisation_id uuid NOT NULL UNIQUE REFERENCES organisations (id),
  -- active: takes new firms; migrating: its seller API moves elsewhere (Tokopedia → TikTok Shop);
  -- closed: no new physical-goods listings (Bukalapak since 1 Feb 2025).
  status text NOT NULL CHECK (status IN ('active', 'migrating', 'closed')),
  status_note text,
  -- Hosts a store URL of this marketplace may use (the host itself or a subdomain of it).
  store_domains text[] NOT NULL CHECK (cardinality(store_domains) > 0),
  -- Weight unit of its bulk-upload template and product API.
  weight_unit text NOT NULL CHECK (weight_unit IN ('g', 'kg')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Seed the five partners; an organisation of the same name made earlier (for example by the demo)
-- becomes the marketplace's organisation.
DO $$
DECLARE
  m record;
  org uuid;
BEGIN
  FOR m IN
    SELECT * FROM (VALUES
      ('tokopedia', 'Tokopedia', 'migrating', 'Seller API dipindahkan ke TikTok Shop (2025); toko lama tetap berjalan.', ARRAY['tokopedia.com', 'tokopedia.link'], 'g'),
      ('tiktok_shop', 'TikTok Shop', 'active', NULL, ARRAY['tiktok.com', 'shop.tiktok.com', 'vt.tokopedia.com'], 'kg'),
      ('shopee', 'Shopee', 'active', NULL, ARRAY['shopee.co.id', 'shp.ee'], 'kg'),
      ('blibli', 'Blibli', 'active', NULL, ARRAY['blibli.com'], 'g'),
      ('bukalapak', 'Bukalapak', 'closed', 'Tidak menerima produk fisik baru sejak 1 Februari 2025.', ARRAY['bukalapak.com'], 'g')
    ) AS v(code, name, status, note, domains, unit)
  LOOP
    SELECT id INTO org FROM organisations WHERE kind = 'marketplace' AND lower(name) = lower(m.name);
    IF org IS NULL THEN
      INSERT INTO organisations (kind, name) VALUES ('marketplace', m.name) RETURNING id INTO org;
    END IF;
    INSERT INTO marketplaces (code, name, organisation_id, status, status_note, store_domains, weight_unit)
    VALUES (m.code, m.name, org, m.status, m.note, m.domains, m.unit);
  END LOOP;
END $$;

-- A firm owner's consent to share the firm (profile, products, contact) with one marketplace.
-- Withdrawing keeps the row (withdrawn_at) so the history stays; at most one live consent per pair.
CREATE TABLE marketplace_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  granted_by uuid NOT NULL REFERENCES users (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_by uuid REFERENCES users (id),
  withdrawn_at timestamptz,
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
);
CREATE UNIQUE INDEX marketplace_consents_live_key ON marketplace_consents (firm_id, marketplace_code) WHERE withdrawn_at IS NULL;
CREATE INDEX marketplace_consents_marketplace_idx ON marketplace_consents (marketplace_code) WHERE withdrawn_at IS NULL;

-- One row per (firm, marketplace): where the firm stands in the onboarding pipeline.
CREATE TABLE marketplace_nominations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  stage text NOT NULL DEFAULT 'nominated'
    CHECK (stage IN ('nominated', 'consented', 'trained', 'store_opened', 'products_listed', 'first_sale', 'active')),
  -- How the firm came in: from the assessment's marketplace candidates, by hand, or in a bulk nomination.
  source text NOT NULL CHECK (source IN ('triage', 'manual', 'bulk')),
  nominated_by uuid NOT NULL REFERENCES users (id),
  nominated_at timestamptz NOT NULL DEFAULT now(),
  note text CHECK (note IS NULL OR length(note) <= 1000),
  store_url text CHECK (store_url IS NULL OR length(store_url) <= 500),
  products_listed integer CHECK (products_listed IS NULL OR products_listed >= 0),
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  -- Region copied from the firm for the funnel's filters (kept in step by the service on merge/moves).
  province_code text NOT NULL REFERENCES provinces (code),
  regency_code text NOT NULL REFERENCES regencies (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (firm_id, marketplace_code)
);
CREATE INDEX marketplace_nominations_funnel_idx ON marketplace_nominations (marketplace_code, province_code, stage);
CREATE INDEX marketplace_nominations_stage_idx ON marketplace_nominations (stage, stage_changed_at);

-- Every stage a nomination reached, when and by whom: the funnel's time-in-stage comes from here.
CREATE TABLE marketplace_stage_events (
  id bigserial PRIMARY KEY,
  nomination_id uuid NOT NULL REFERENCES marketplace_nominations (id) ON DELETE CASCADE,
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  from_stage text,
  to_stage text NOT NULL,
  actor_user_id uuid REFERENCES users (id),
  actor_role text,
  at timestamptz NOT NULL DEFAULT now(),
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX marketplace_stage_events_nomination_idx ON marketplace_stage_events (nomination_id, at);
CREATE INDEX marketplace_stage_events_marketplace_idx ON marketplace_stage_events (marketplace_code, at);

-- Sales of a firm's store on a marketplace, per month, as the partner reported them (upload) or
-- as a connector pulled them from the marketplace's API. One row per (firm, marketplace, month);
-- a later report for the same month replaces the figures (the audit log keeps the old ones).
CREATE TABLE marketplace_sales (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  nomination_id uuid REFERENCES marketplace_nominations (id) ON DELETE SET NULL,
  -- First day of the month the figures are for.
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  gmv_idr bigint NOT NULL CHECK (gmv_idr >= 0),
  orders integer NOT NULL CHECK (orders >= 0),
  units integer CHECK (units IS NULL OR units >= 0),
  source text NOT NULL CHECK (source IN ('upload', 'api', 'manual')),
  import_id uuid,
  reported_by uuid REFERENCES users (id),
  reported_at timestamptz NOT NULL DEFAULT now(),
  -- Region copied from the firm for the figures' filters.
  province_code text NOT NULL REFERENCES provinces (code),
  regency_code text NOT NULL REFERENCES regencies (code),
  UNIQUE (firm_id, marketplace_code, month)
);
CREATE INDEX marketplace_sales_figures_idx ON marketplace_sales (marketplace_code, month, province_code);

-- Nominations and sales copy the firm's region for their filters and scope: keep them in step
-- when a firm moves to another regency.
CREATE FUNCTION marketplace_follow_firm_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE marketplace_nominations SET province_code = NEW.province_code, regency_code = NEW.regency_code, updated_at = now()
  WHERE firm_id = NEW.id AND (province_code, regency_code) IS DISTINCT FROM (NEW.province_code, NEW.regency_code);
  UPDATE marketplace_sales SET province_code = NEW.province_code, regency_code = NEW.regency_code
  WHERE firm_id = NEW.id AND (province_code, regency_code) IS DISTINCT FROM (NEW.province_code, NEW.regency_code);
  RETURN NULL;
END $$;
CREATE TRIGGER marketplace_follow_firm_region AFTER UPDATE OF province_code, regency_code ON firms
  FOR EACH ROW WHEN ((OLD.province_code, OLD.regency_code) IS DISTINCT FROM (NEW.province_code, NEW.regency_code))
  EXECUTE FUNCTION marketplace_follow_firm_region();
