-- Marketplace sales reports (issue 5, sales recovery): a partner's or an officer's spreadsheet of
-- monthly sales per firm store runs on the registry's import engine as an import of kind 'sales',
-- recorded with the marketplace the file reports for.
ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('firms', 'responses', 'sales'));
ALTER TABLE imports ADD COLUMN marketplace_code text REFERENCES marketplaces (code);
ALTER TABLE imports ADD CONSTRAINT imports_marketplace_check CHECK ((kind = 'sales') = (marketplace_code IS NOT NULL));

-- The firm's monthly sales of one marketplace in time order (a firm's recovery page).
CREATE INDEX marketplace_sales_firm_idx ON marketplace_sales (firm_id, month);
-- The import a sales row came from (errors file ↔ rows).
CREATE INDEX marketplace_sales_import_idx ON marketplace_sales (import_id) WHERE import_id IS NOT NULL;
