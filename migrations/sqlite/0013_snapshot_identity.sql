-- Identity on every proctoring snapshot (issue 17). Keep in step with postgres/0013_snapshot_identity.sql.
-- A snapshot upload only stores the photo and queues its check here; workers compare it with the ID face
-- photo off the request path. A check claimed by a worker that died is claimed again after a while.
CREATE TABLE snapshot_checks (
    id INTEGER PRIMARY KEY,
    attempt_id  BIGINT NOT NULL REFERENCES attempts (id),
    event_id    BIGINT NOT NULL REFERENCES attempt_events (id),
    storage_key TEXT NOT NULL,
    -- 'queued' | 'working' | 'done'
    state       TEXT NOT NULL,
    claimed_ms  BIGINT,
    tries       BIGINT NOT NULL DEFAULT 0,
    -- 'same' | 'other' | 'no_face' | 'several' | 'camera_off' | 'unchecked' (no model: the office looks)
    outcome     TEXT,
    distance    TEXT,
    created_ms  BIGINT NOT NULL,
    checked_ms  BIGINT
);
CREATE INDEX snapshot_checks_by_state ON snapshot_checks (state, id);
CREATE INDEX snapshot_checks_by_attempt ON snapshot_checks (attempt_id);

-- Counted by the checks; the thresholds turn an attempt into "failed pending review".
ALTER TABLE attempts ADD COLUMN other_person_count BIGINT NOT NULL DEFAULT 0;
-- Camera presence: when the last snapshot arrived, and the longest time without one so far.
ALTER TABLE attempts ADD COLUMN last_snapshot_ms BIGINT;
ALTER TABLE attempts ADD COLUMN longest_camera_gap_ms BIGINT NOT NULL DEFAULT 0;

-- The exam office can overturn a pass: the certificate stays on record, revoked, with the reason.
ALTER TABLE certificates ADD COLUMN revoked_ms BIGINT;
ALTER TABLE certificates ADD COLUMN revoked_reason TEXT;
