-- A firm's history shows the audit entries of the firm and of its products (deleted ones too).
-- Product entries carry the firm in their before/after snapshot; this index finds them by firm
-- without scanning the log. Indexes do not take part in the audit hash chain.
CREATE INDEX audit_log_product_firm_idx ON audit_log ((coalesce(after ->> 'firmId', before ->> 'firmId')))
  WHERE entity_type = 'product';
