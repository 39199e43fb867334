-- Accounts (SPEC §2). Times are Unix milliseconds (BIGINT) so the same queries run on SQLite and PostgreSQL.
-- Keep this file and postgres/0001_accounts.sql in step: they differ only in the identity column syntax.

CREATE TABLE users (
    id                      INTEGER PRIMARY KEY,
    username                TEXT NOT NULL,
    -- user names are unique ignoring case: the lower-cased form carries the constraint
    username_key            TEXT NOT NULL UNIQUE,
    real_name               TEXT NOT NULL,
    id_type                 TEXT NOT NULL CHECK (id_type IN ('resident', 'military', 'passport', 'other')),
    -- normalized: 18 characters, upper-case X, for resident ID cards
    id_number               TEXT NOT NULL UNIQUE,
    -- normalized: 11 digits
    phone                   TEXT NOT NULL UNIQUE,
    password_hash           TEXT NOT NULL,
    password_changed_ms     BIGINT NOT NULL,
    -- set by a support reset: the user must choose a new password at the next sign-in
    must_change_password    BIGINT NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    security_question       TEXT,
    security_answer_hash    TEXT,
    phone_changed_ms        BIGINT,
    failed_logins           BIGINT NOT NULL DEFAULT 0,
    failure_window_start_ms BIGINT,
    locked_until_ms         BIGINT,
    -- bumped when the password changes: sessions signed in before that stop working
    credentials_epoch       BIGINT NOT NULL DEFAULT 0,
    created_ms              BIGINT NOT NULL,
    CHECK ((security_question IS NULL) = (security_answer_hash IS NULL))
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('candidate', 'org_admin', 'reviewer', 'support', 'exam_admin', 'system_admin')),
    PRIMARY KEY (user_id, role)
);

-- One row per SMS code sent; `used_ms` makes a code single use, `attempts` voids it after too many guesses.
CREATE TABLE sms_codes (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    code       TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    attempts   BIGINT NOT NULL DEFAULT 0,
    used_ms    BIGINT
);
CREATE INDEX sms_codes_by_phone ON sms_codes (phone, created_ms);

-- Everything the built-in SMS provider "sends".
CREATE TABLE sms_outbox (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);

-- Server-side sessions (tower-sessions records as JSON).
CREATE TABLE sessions (
    id        TEXT PRIMARY KEY,
    data      TEXT NOT NULL,
    expiry_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expiry_ms);

-- Who did what to whom, for changes staff make and security events.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    actor_user_id BIGINT,
    action        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    detail        TEXT NOT NULL,
    created_ms    BIGINT NOT NULL
);
