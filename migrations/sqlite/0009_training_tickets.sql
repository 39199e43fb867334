-- Training (SPEC §6), tickets (SPEC §8) and the candidate's home region. Keep in step with
-- postgres/0009_training_tickets.sql (they differ only in identity columns).

-- The region a candidate trains and is assessed in (专家评标地区). Set by support; when empty, the region
-- of the candidate's latest expert application counts.
ALTER TABLE users ADD COLUMN home_region_code TEXT;

-- A live course for one region on one date; a region may have several dates.
CREATE TABLE training_sessions (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    -- a GB/T 2260 code; candidates whose region lies inside it may register
    region_code   TEXT NOT NULL REFERENCES regions (code),
    session_date  TEXT NOT NULL,          -- YYYY-MM-DD, China time
    stream_url    TEXT NOT NULL,
    created_by    BIGINT NOT NULL REFERENCES users (id),
    created_ms    BIGINT NOT NULL
);
CREATE INDEX training_sessions_by_date ON training_sessions (session_date);

-- One registration per candidate (只能报一次): the unique user_id is the rule.
CREATE TABLE training_registrations (
    id            INTEGER PRIMARY KEY,
    session_id    BIGINT NOT NULL REFERENCES training_sessions (id),
    user_id       BIGINT NOT NULL UNIQUE REFERENCES users (id),
    -- the invitation code sent by SMS at registration
    invitation_code TEXT NOT NULL,
    -- wrong codes entered on the session date; the course locks at the configured limit
    code_failures BIGINT NOT NULL DEFAULT 0,
    watched_ms    BIGINT,
    created_ms    BIGINT NOT NULL
);
CREATE INDEX training_registrations_by_session ON training_registrations (session_id);

-- 资料下载: files the admin uploads for registered candidates.
CREATE TABLE training_materials (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    storage_key   TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    created_ms    BIGINT NOT NULL
);

-- 工单 / 意见反馈.
CREATE TABLE tickets (
    id             INTEGER PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id),
    category       TEXT NOT NULL CHECK (category IN ('account', 'identity', 'application', 'training', 'exam', 'other')),
    subject        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
    application_id BIGINT REFERENCES applications (id),
    attempt_id     BIGINT REFERENCES attempts (id),
    exam_id        BIGINT REFERENCES exams (id),
    created_ms     BIGINT NOT NULL,
    updated_ms     BIGINT NOT NULL
);
CREATE INDEX tickets_by_user ON tickets (user_id);
CREATE INDEX tickets_by_status ON tickets (status, updated_ms);

CREATE TABLE ticket_messages (
    id             INTEGER PRIMARY KEY,
    ticket_id      BIGINT NOT NULL REFERENCES tickets (id),
    author_user_id BIGINT NOT NULL REFERENCES users (id),
    from_support   BIGINT NOT NULL CHECK (from_support IN (0, 1)),
    body           TEXT NOT NULL,
    created_ms     BIGINT NOT NULL
);
CREATE INDEX ticket_messages_by_ticket ON ticket_messages (ticket_id);

-- Attachments: uploaded first (message_id empty), linked to the message that sends them. A 去反馈 ticket
-- links the photos of the check it is about (the same stored bytes).
CREATE TABLE ticket_files (
    id             INTEGER PRIMARY KEY,
    owner_user_id  BIGINT NOT NULL REFERENCES users (id),
    message_id     BIGINT REFERENCES ticket_messages (id),
    storage_key    TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    created_ms     BIGINT NOT NULL
);
CREATE INDEX ticket_files_by_message ON ticket_files (message_id);
