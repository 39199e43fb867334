-- Real-name verification (SPEC §3). Keep in step with postgres/0002_identity.sql.

-- not verified → pending → verified | failed
ALTER TABLE users ADD COLUMN identity_status TEXT NOT NULL DEFAULT 'unverified'
    CHECK (identity_status IN ('unverified', 'pending', 'verified', 'failed'));

-- Every uploaded file: the storage key is generated, never taken from the user.
CREATE TABLE stored_files (
    id            INTEGER PRIMARY KEY,
    owner_user_id BIGINT NOT NULL REFERENCES users (id),
    purpose       TEXT NOT NULL CHECK (purpose IN ('id_front', 'id_back', 'face')),
    storage_key   TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    created_ms    BIGINT NOT NULL
);
CREATE INDEX stored_files_by_owner ON stored_files (owner_user_id);

-- One row per submission; the newest one of a user is the current one.
CREATE TABLE identity_submissions (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    id_front_file BIGINT NOT NULL REFERENCES stored_files (id),
    id_back_file  BIGINT NOT NULL REFERENCES stored_files (id),
    face_file     BIGINT NOT NULL REFERENCES stored_files (id),
    -- what the automatic checks measured (JSON), shown to support
    auto_report   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
    reviewer_id   BIGINT REFERENCES users (id),
    review_reason TEXT,
    created_ms    BIGINT NOT NULL,
    reviewed_ms   BIGINT
);
CREATE INDEX identity_submissions_by_status ON identity_submissions (status, created_ms);
CREATE INDEX identity_submissions_by_user ON identity_submissions (user_id, created_ms);
