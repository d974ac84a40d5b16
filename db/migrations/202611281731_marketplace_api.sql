-- Marketplace API connectors (issue 5): each marketplace's app credentials (set by its partners
-- or officers, write-only, encrypted at rest), the marketplace shop linked to a nomination with
-- its access and refresh tokens (encrypted), and the products pushed through a connector.

-- One row per marketplace. `secrets` maps field name → AES-256-GCM ciphertext (platform/secrets.ts);
-- `fields` lists which fields are set (the API shows only these names, never values).
CREATE TABLE marketplace_api_credentials (
  marketplace_code text PRIMARY KEY REFERENCES marketplaces (code),
  secrets jsonb NOT NULL DEFAULT '{}',
  fields text[] NOT NULL DEFAULT '{}',
  -- Host overrides (sandbox, contract servers); not secret.
  base_url text CHECK (base_url IS NULL OR base_url ~ '^https?://' AND length(base_url) <= 300),
  auth_base_url text CHECK (auth_base_url IS NULL OR auth_base_url ~ '^https?://' AND length(auth_base_url) <= 300),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The marketplace shop of a nomination (firm × marketplace) and its tokens. A refresh token is
-- single-use: the refresh locks this row (SELECT … FOR UPDATE), spends the old token and stores
-- the new pair in one transaction; token_version counts the refreshes.
CREATE TABLE marketplace_api_shops (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  nomination_id uuid NOT NULL UNIQUE REFERENCES marketplace_nominations (id) ON DELETE CASCADE,
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  -- Shopee shop_id, TikTok Shop shop_cipher, Tokopedia shop_id, Blibli store code.
  shop_id text NOT NULL CHECK (length(btrim(shop_id)) BETWEEN 1 AND 100),
  access_token_enc text,
  refresh_token_enc text,
  access_expires_at timestamptz,
  refresh_expires_at timestamptz,
  token_version integer NOT NULL DEFAULT 0,
  last_refreshed_at timestamptz,
  linked_by uuid REFERENCES users (id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (marketplace_code, shop_id)
);
CREATE INDEX marketplace_api_shops_firm_idx ON marketplace_api_shops (firm_id);

-- Products pushed through a connector (the marketplace's id; Blibli answers with a queue id).
CREATE TABLE marketplace_api_pushes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shop_id uuid NOT NULL REFERENCES marketplace_api_shops (id) ON DELETE CASCADE,
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  remote_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('created', 'queued')),
  pushed_by uuid REFERENCES users (id),
  pushed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketplace_api_pushes_product_idx ON marketplace_api_pushes (product_id, marketplace_code);
