-- Marketplace programme, listings: the mapping from Pulih's product classification (HS 2022
-- prefix and/or KBLI 2020 prefix) to each marketplace's category, and the per-marketplace
-- attribute values of a product (brand, material…) that a mapped category requires.

-- One mapping row: products whose HS code starts with hs_prefix (chapter 2, heading 4 or
-- subheading 6 digits) and/or whose KBLI starts with kbli_prefix go to this marketplace category.
-- The most specific matching row wins (longest HS prefix, then longest KBLI prefix), see
-- server/modules/marketplace/listings/category-match.ts.
CREATE TABLE marketplace_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  hs_prefix text REFERENCES hs_codes (code) CHECK (hs_prefix ~ '^[0-9]{2}([0-9]{2}){0,2}$'),
  kbli_prefix text REFERENCES kbli_codes (code) CHECK (kbli_prefix ~ '^[0-9]{2,5}$'),
  -- The marketplace's own (leaf) category id and its name as the marketplace shows it.
  category_id text NOT NULL CHECK (length(btrim(category_id)) BETWEEN 1 AND 60),
  category_name text NOT NULL CHECK (length(btrim(category_name)) BETWEEN 2 AND 200),
  -- Attribute names the category requires (e.g. Merek, Bahan); a product needs a value for each.
  required_attributes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(required_attributes) <= 30),
  note text CHECK (note IS NULL OR length(note) <= 500),
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (hs_prefix IS NOT NULL OR kbli_prefix IS NOT NULL)
);
-- One mapping per (marketplace, HS prefix, KBLI prefix): two rows of equal specificity would
-- make the winner arbitrary.
CREATE UNIQUE INDEX marketplace_categories_key
  ON marketplace_categories (marketplace_code, coalesce(hs_prefix, ''), coalesce(kbli_prefix, ''));

-- A product's value for one attribute on one marketplace. Keyed by firm_id first (Citus-ready,
-- like products) and removed with the product.
CREATE TABLE marketplace_product_attributes (
  firm_id uuid NOT NULL,
  product_id uuid NOT NULL,
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  -- Blibli caps every attribute value at 255 characters, the shortest limit among the partners.
  value text NOT NULL CHECK (length(btrim(value)) BETWEEN 1 AND 255),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (firm_id, product_id, marketplace_code, name),
  FOREIGN KEY (firm_id, product_id) REFERENCES products (firm_id, id) ON DELETE CASCADE
);
CREATE INDEX marketplace_product_attributes_product_idx ON marketplace_product_attributes (product_id, marketplace_code);
