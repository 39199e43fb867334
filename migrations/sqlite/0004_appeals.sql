-- Account appeals (申诉, SPEC §2): when neither the SMS code nor the security question can recover an
-- account, the person uploads ID photos; support decides; the answer goes by SMS to the new phone.
-- Keep in step with postgres/0004_appeals.sql.

CREATE TABLE account_appeals (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    -- the number to bind on approval, proven by an SMS code when the appeal was started
    new_phone     TEXT NOT NULL,
    description   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'refused')),
    reviewer_id   BIGINT REFERENCES users (id),
    review_reason TEXT,
    created_ms    BIGINT NOT NULL,
    submitted_ms  BIGINT,
    reviewed_ms   BIGINT
);
CREATE INDEX account_appeals_by_status ON account_appeals (status, submitted_ms);
CREATE INDEX account_appeals_by_user ON account_appeals (user_id, status);

-- The photos of an appeal; the person has no session of the account, so they are kept apart from
-- stored_files (owned by a signed-in user) and served to staff only.
CREATE TABLE appeal_files (
    id           INTEGER PRIMARY KEY,
    appeal_id    BIGINT NOT NULL REFERENCES account_appeals (id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('id_front', 'id_back', 'handheld')),
    storage_key  TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX appeal_files_by_appeal ON appeal_files (appeal_id, purpose);
