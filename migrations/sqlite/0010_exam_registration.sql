-- Open exam registration (报名) and fees (SPEC §7a, seed 001). Keep in step with
-- postgres/0010_exam_registration.sql (they differ only in identity columns).

-- The qualification's catalog: levels (报考级别), their specialties and subjects. A subject without a
-- specialty is a public subject (公共科目) of its level.
CREATE TABLE reg_levels (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE
);
CREATE TABLE reg_specialties (
    id            INTEGER PRIMARY KEY,
    level_code    TEXT NOT NULL REFERENCES reg_levels (code),
    name          TEXT NOT NULL,
    UNIQUE (level_code, name)
);
CREATE TABLE reg_subjects (
    code          TEXT PRIMARY KEY,
    level_code    TEXT NOT NULL REFERENCES reg_levels (code),
    specialty_id  BIGINT REFERENCES reg_specialties (id),
    name          TEXT NOT NULL
);

-- A registration window (报名批次): this exam, this year.
CREATE TABLE reg_windows (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    exam_year     BIGINT NOT NULL,
    opens_on      TEXT NOT NULL,          -- YYYY-MM-DD, China time
    closes_on     TEXT NOT NULL,          -- the last day to register, withdraw a commitment or pay
    fee_per_subject_fen BIGINT NOT NULL CHECK (fee_per_subject_fen >= 0),
    commitment_allowed BIGINT NOT NULL CHECK (commitment_allowed IN (0, 1)),
    -- the fields a candidate may still change after confirming or review (comma-separated field names)
    editable_after_confirm TEXT NOT NULL DEFAULT '',
    -- passed subjects count for this many exam years (rolling)
    pass_valid_years BIGINT NOT NULL CHECK (pass_valid_years >= 1),
    created_ms    BIGINT NOT NULL
);

-- Exam sites with their seats: `taken` only grows by a conditional update when a payment lands.
CREATE TABLE reg_sites (
    id            INTEGER PRIMARY KEY,
    window_id     BIGINT NOT NULL REFERENCES reg_windows (id),
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    capacity      BIGINT NOT NULL CHECK (capacity >= 0),
    taken         BIGINT NOT NULL DEFAULT 0,
    CHECK (taken <= capacity),
    UNIQUE (window_id, name)
);

-- Subjects a person has passed (老考生): from earlier years' results.
CREATE TABLE reg_passed_subjects (
    user_id       BIGINT NOT NULL REFERENCES users (id),
    subject_code  TEXT NOT NULL REFERENCES reg_subjects (code),
    passed_year   BIGINT NOT NULL,
    PRIMARY KEY (user_id, subject_code, passed_year)
);

-- One registration per person and window.
CREATE TABLE registrations (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    window_id     BIGINT NOT NULL REFERENCES reg_windows (id),
    level_code    TEXT REFERENCES reg_levels (code),
    specialty_id  BIGINT REFERENCES reg_specialties (id),
    site_id       BIGINT REFERENCES reg_sites (id),
    work_unit     TEXT NOT NULL DEFAULT '',
    contact_address TEXT NOT NULL DEFAULT '',
    -- '' (not chosen) | commitment (告知承诺制) | onsite (现场核查)
    route         TEXT NOT NULL DEFAULT '',
    commitment_signed_ms BIGINT,
    -- the commitment was withdrawn: on-site checking for the rest of this window
    commitment_barred BIGINT NOT NULL DEFAULT 0,
    -- draft | confirmed | paid (报名成功)
    status        TEXT NOT NULL DEFAULT 'draft',
    -- at confirmation: online (every record checked online) | commitment | onsite_pending | onsite_passed | onsite_failed
    check_status  TEXT NOT NULL DEFAULT '',
    check_note    TEXT NOT NULL DEFAULT '',
    -- what the candidate must know now (a refund for a seat that went, say)
    notice        TEXT NOT NULL DEFAULT '',
    created_ms    BIGINT NOT NULL,
    updated_ms    BIGINT NOT NULL,
    UNIQUE (user_id, window_id)
);
CREATE INDEX registrations_by_window ON registrations (window_id, status);
CREATE TABLE registration_subjects (
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    subject_code  TEXT NOT NULL REFERENCES reg_subjects (code),
    PRIMARY KEY (registration_id, subject_code)
);
-- Proofs uploaded for the commitment route, checked online.
CREATE TABLE registration_proofs (
    id            INTEGER PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    storage_key   TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    created_ms    BIGINT NOT NULL
);

-- Fees: one live order per registration (created or paid); closed and refunded ones stay as history.
CREATE TABLE payment_orders (
    id            INTEGER PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    out_trade_no  TEXT NOT NULL UNIQUE,
    amount_fen    BIGINT NOT NULL,
    provider      TEXT NOT NULL,
    -- created | paid | refunding | refunded | closed
    status        TEXT NOT NULL,
    provider_trade_no TEXT,
    -- how we learnt of the payment: notify | recheck | reconcile
    paid_via      TEXT,
    paid_ms       BIGINT,
    created_ms    BIGINT NOT NULL,
    updated_ms    BIGINT NOT NULL
);
CREATE UNIQUE INDEX payment_orders_one_live ON payment_orders (registration_id) WHERE status IN ('created', 'paid');
CREATE INDEX payment_orders_by_status ON payment_orders (status, created_ms);

-- The built-in sandbox payment provider's own books (it stands for a bank: never read by our side
-- except through the provider interface).
CREATE TABLE sandbox_trades (
    out_trade_no  TEXT PRIMARY KEY,
    trade_no      TEXT NOT NULL UNIQUE,
    amount_fen    BIGINT NOT NULL,
    subject       TEXT NOT NULL,
    notify_url    TEXT NOT NULL,
    return_url    TEXT NOT NULL,
    -- waiting | paid | closed | refunded
    status        TEXT NOT NULL,
    paid_ms       BIGINT,
    created_ms    BIGINT NOT NULL
);
