-- Imports that were running when their server process died (power cut, kill -9) would stay
-- "running" forever with their upload (personal data) on disk. Each progress update now stamps a
-- heartbeat; the server ends imports whose heartbeat is stale and removes their uploads.
ALTER TABLE imports ADD COLUMN heartbeat_at timestamptz;
-- The upload's file name inside <data>/imports (random; never the user's name, never a path).
ALTER TABLE imports ADD COLUMN upload_file text CHECK (upload_file ~ '^[0-9a-f-]{36}\.upload$');
CREATE INDEX imports_unfinished_idx ON imports (coalesce(heartbeat_at, created_at)) WHERE status IN ('queued', 'running');
