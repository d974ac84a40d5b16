-- Bulk imports of firms (CSV/XLSX as regional offices send them): one row per uploaded file or
-- CLI run, with its progress and summary, and the row-level problems found in it.

CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL DEFAULT 'firms' CHECK (kind IN ('firms')),
  -- The name the user gave the file: shown back to them, never used as a path.
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_bytes bigint NOT NULL CHECK (file_bytes >= 0),
  format text CHECK (format IN ('csv', 'xlsx')),
  sheet text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  dry_run boolean NOT NULL DEFAULT false,
  -- Rows are streamed, so the total is known only at the end; progress meanwhile is bytes read.
  total_rows integer CHECK (total_rows >= 0),
  processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
  bytes_read bigint NOT NULL DEFAULT 0 CHECK (bytes_read >= 0),
  bytes_total bigint CHECK (bytes_total >= 0),
  inserted integer NOT NULL DEFAULT 0 CHECK (inserted >= 0),
  updated integer NOT NULL DEFAULT 0 CHECK (updated >= 0),
  unchanged integer NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
  rejected integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
  -- Why the whole file was rejected (FILE_NO_HEADER, IMPORT_COLUMNS_MISSING…), with the
  -- parameters of its message; null while running and for files that were processed.
  error_code text,
  error_params jsonb,
  -- Null for the CLI (system actor).
  created_by uuid REFERENCES users (id),
  actor_role text,
  -- Region scope of the importer when the import was made (regional officers), so a later
  -- change of their organisation does not change what the import was allowed to touch.
  province_code text REFERENCES provinces (code),
  regency_code text REFERENCES regencies (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  CHECK ((status = 'failed') = (error_code IS NOT NULL))
);
CREATE INDEX imports_created_by_idx ON imports (created_by, created_at DESC);
CREATE INDEX imports_created_at_idx ON imports (created_at DESC);

CREATE TABLE import_errors (
  import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  -- The row number a person sees in Excel (1-based, header and title rows counted).
  row_number integer NOT NULL CHECK (row_number >= 1),
  -- Canonical column key (nik_pemilik), or null for a problem of the whole row.
  column_name text,
  code text NOT NULL,
  -- In Indonesian: the errors file goes back to the office that sent the data.
  message text NOT NULL,
  -- An excerpt of the value as written; owner NIK and phone are masked, never stored in clear.
  value_excerpt text,
  seq integer NOT NULL,
  PRIMARY KEY (import_id, seq)
);
