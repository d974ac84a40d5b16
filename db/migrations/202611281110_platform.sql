-- Platform: organisations, users, sessions, invitations, API tokens, login throttling, audit log.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('ministry', 'regional_office', 'marketplace', 'bank', 'supplier', 'embassy', 'buyer', 'firm')),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  province_code text REFERENCES provinces (code),
  regency_code text REFERENCES regencies (code),
  -- ISO 3166-1 alpha-2 codes: the countries an embassy/attaché post covers, or a buyer's country.
  countries text[] NOT NULL DEFAULT '{}',
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'regional_office' OR province_code IS NOT NULL),
  CHECK (kind NOT IN ('embassy', 'buyer') OR cardinality(countries) > 0),
  CHECK (regency_code IS NULL OR province_code = split_part(regency_code, '.', 1))
);
-- Partner organisations are unique by name; firms are not (many "UD Maju Jaya" exist).
CREATE UNIQUE INDEX organisations_kind_name_key ON organisations (kind, lower(name)) WHERE kind <> 'firm';

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('admin', 'officer', 'regional_officer', 'firm_owner', 'marketplace_partner', 'supplier', 'bank_officer', 'attache', 'buyer')),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  -- AES-256-GCM ciphertext of the base32 TOTP seed; confirmed once the user proved a first code.
  totp_secret_enc text,
  totp_confirmed_at timestamptz,
  -- Last accepted TOTP time step: codes at or before it are refused (single use).
  totp_last_step bigint,
  locale text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_organisation_idx ON users (organisation_id);

CREATE TABLE sessions (
  -- SHA-256 of the cookie value; the value itself is never stored.
  id_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- password: TOTP still to be given; enrol: TOTP still to be enrolled; full: authenticated.
  stage text NOT NULL CHECK (stage IN ('password', 'enrol', 'full')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Single-use links: `invite` for a named person, `setup` for the first national admin (who
-- types their own e-mail and name, since nobody could invite them).
CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL DEFAULT 'invite' CHECK (kind IN ('invite', 'setup')),
  token_hash bytea NOT NULL UNIQUE,
  email text CHECK (email = lower(email)),
  name text,
  role text NOT NULL,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- NULL for the first-start setup link, which the system creates.
  invited_by uuid REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_user_id uuid REFERENCES users (id),
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'setup' OR (email IS NOT NULL AND name IS NOT NULL))
);
CREATE INDEX invitations_email_idx ON invitations (email);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  token_hash bytea NOT NULL UNIQUE,
  -- First characters of the token, shown in lists so a user can tell tokens apart.
  prefix text NOT NULL,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Failed logins keyed by a keyed hash of the e-mail address, known or not, so throttling
-- answers the same for unknown accounts and cannot be used to find which accounts exist.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  key_hash bytea NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key_hash, failed_at);

-- Append-only audit log linked by a SHA-256 hash chain over a dense sequence.
-- seq, occurred_at, prev_hash and hash are always set by the audit_log_chain trigger.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY DEFAULT 0,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_role text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip text,
  prev_hash text NOT NULL DEFAULT '',
  hash text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, seq);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, seq);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);

-- The text that is hashed for one entry. The verifier (server/platform/audit) rebuilds it the same way.
CREATE FUNCTION audit_canonical(e audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|',
    e.seq::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(e.actor_user_id::text, ''),
    coalesce(e.actor_role, ''),
    e.action,
    e.entity_type,
    coalesce(e.entity_id, ''),
    coalesce(e.before::text, ''),
    coalesce(e.after::text, ''),
    coalesce(e.request_id, ''),
    coalesce(e.ip, ''),
    e.prev_hash)
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  -- Serialise writers so two transactions never link to the same predecessor.
  PERFORM pg_advisory_xact_lock(727384001);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.occurred_at := date_trunc('microseconds', clock_timestamp());
  NEW.hash := encode(sha256(convert_to(audit_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM pulih_app;

-- The national ministry is the organisation of the first admin (created by the setup link).
INSERT INTO organisations (kind, name) VALUES ('ministry', 'Kementerian Perindustrian');
