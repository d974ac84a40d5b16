-- Platform outbox: in-app notifications and queued e-mails. Both are written in the transaction of
-- the change that causes them, so nothing is announced for a change that was rolled back; a
-- worker in the server process delivers the e-mails (server/platform/outbox/).

-- In-app notifications. Title and body are message codes with parameters, rendered in the
-- reader's language when read.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{1,60}$'),
  title_code text NOT NULL CHECK (title_code ~ '^[A-Z][A-Z0-9_]{1,80}$'),
  body_code text NOT NULL CHECK (body_code ~ '^[A-Z][A-Z0-9_]{1,80}$'),
  params jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  -- A path inside the web app ("/rounds/…"), never another site.
  link text CHECK (link IS NULL OR (link ~ '^/[^/\\]' AND length(link) <= 500)),
  -- The same notification is never created twice for one key.
  dedupe_key text UNIQUE CHECK (dedupe_key IS NULL OR length(dedupe_key) <= 300),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Queued e-mails (plain text). The worker claims due rows, sends them, and records the outcome;
-- failures are retried with growing delays until the attempts run out (status failed).
CREATE TABLE email_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL CHECK (to_address ~ '^[^@\s<>,;"]+@[^@\s<>,;"]+\.[^@\s<>,;"]+$' AND length(to_address) <= 254),
  -- Header-safe: no line breaks.
  subject text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 300 AND subject !~ '[\r\n]'),
  body_text text NOT NULL CHECK (length(body_text) <= 100000),
  dedupe_key text UNIQUE CHECK (dedupe_key IS NULL OR length(dedupe_key) <= 300),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX email_outbox_created_idx ON email_outbox (created_at DESC);

-- Survey reminders: when each non-responding firm was last reminded of a round, so a firm gets
-- at most one reminder per round in 24 hours however often officers press the button.
CREATE TABLE survey_reminders (
  round_id uuid NOT NULL REFERENCES survey_rounds (id),
  firm_id uuid NOT NULL REFERENCES firms (id),
  reminded_at timestamptz NOT NULL DEFAULT now(),
  reminded_by uuid REFERENCES users (id),
  reminders integer NOT NULL DEFAULT 1 CHECK (reminders >= 1),
  PRIMARY KEY (round_id, firm_id)
);
