-- Marketplace programme, field workshops ("turun ke lapangan"): workshops a partner or an officer
-- plans in a regency, the firms invited to each, their registrations (up to capacity, then a
-- waiting list) and attendance. Also: e-mail attachments in the platform outbox (the invitations
-- carry an ICS calendar file).

-- Attachments of a queued e-mail: [{ filename, contentType, content (base64) }]. An empty array
-- keeps the message plain text as before.
ALTER TABLE email_outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'
  CHECK (jsonb_typeof(attachments) = 'array' AND length(attachments::text) <= 2000000);

CREATE TABLE marketplace_workshops (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  marketplace_code text NOT NULL REFERENCES marketplaces (code),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 200),
  description text CHECK (description IS NULL OR length(description) <= 4000),
  venue text NOT NULL CHECK (length(btrim(venue)) BETWEEN 2 AND 200),
  address text CHECK (address IS NULL OR length(address) <= 500),
  province_code text NOT NULL REFERENCES provinces (code),
  regency_code text NOT NULL REFERENCES regencies (code),
  -- Instants; the zone is the legal zone of the province (WIB/WITA/WIT, see time-zones.ts), kept
  -- so the times are shown and sent (ICS TZID) in the local time of the place.
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  time_zone text NOT NULL CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  trainers text[] NOT NULL DEFAULT '{}' CHECK (cardinality(trainers) <= 20),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
  -- iCalendar SEQUENCE: bumped on every change the invitees are sent again (RFC 5546 §2.1.4).
  sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
  cancel_reason text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 1000),
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES users (id),
  planned_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX marketplace_workshops_starts_idx ON marketplace_workshops (starts_at, id);
CREATE INDEX marketplace_workshops_region_idx ON marketplace_workshops (province_code, regency_code);
CREATE INDEX marketplace_workshops_marketplace_idx ON marketplace_workshops (marketplace_code, starts_at);

-- Firms invited to a workshop (once each).
CREATE TABLE marketplace_workshop_invitations (
  workshop_id uuid NOT NULL REFERENCES marketplace_workshops (id) ON DELETE CASCADE,
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  invited_by uuid NOT NULL REFERENCES users (id),
  invited_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workshop_id, firm_id)
);
CREATE INDEX marketplace_workshop_invitations_firm_idx ON marketplace_workshop_invitations (firm_id);

-- Registrations: registered (a seat) or waitlisted (queue order by queue_no); cancelled rows stay
-- for the history. A firm holds at most one live registration per workshop.
CREATE TABLE marketplace_workshop_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workshop_id uuid NOT NULL REFERENCES marketplace_workshops (id) ON DELETE CASCADE,
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
  queue_no bigint GENERATED ALWAYS AS IDENTITY,
  registered_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  promoted_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES users (id),
  -- Attendance, recorded by the planner after the start: null = not recorded yet.
  attended boolean,
  attendance_recorded_at timestamptz,
  attendance_recorded_by uuid REFERENCES users (id),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK (attended IS NULL OR status = 'registered')
);
CREATE UNIQUE INDEX marketplace_workshop_registrations_live_key
  ON marketplace_workshop_registrations (workshop_id, firm_id) WHERE status <> 'cancelled';
CREATE INDEX marketplace_workshop_registrations_queue_idx
  ON marketplace_workshop_registrations (workshop_id, status, queue_no);
CREATE INDEX marketplace_workshop_registrations_firm_idx ON marketplace_workshop_registrations (firm_id);
