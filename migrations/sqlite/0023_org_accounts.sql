-- The organization's own account (单位用户, issue 21, seed 002), its verification by business licence,
-- and the legal-entity appeal (法人申诉). Keep in step with the other database's 0023_org_accounts.sql
-- (they differ only in identity columns).

-- The organization signs in with its login name (or its credit code) and this password; its 主代办人
-- (the organization's admin, a verified person) receives the codes and messages. The same counters as
-- a person's account: the captcha and the lock come at the same points.
CREATE TABLE org_accounts (
    org_id                  BIGINT PRIMARY KEY REFERENCES organizations (id),
    login_name              TEXT NOT NULL,
    -- login names are unique ignoring case: the lower-cased form carries the constraint
    login_key               TEXT NOT NULL UNIQUE,
    password_hash           TEXT NOT NULL,
    password_changed_ms     BIGINT NOT NULL,
    -- set by an approved appeal's temporary password: a new one is chosen at the next sign-in
    must_change_password    BIGINT NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    failed_logins           BIGINT NOT NULL DEFAULT 0,
    failure_window_start_ms BIGINT,
    locked_until_ms         BIGINT,
    -- bumped when the password changes: sessions signed in before that stop working
    credentials_epoch       BIGINT NOT NULL DEFAULT 0,
    created_ms              BIGINT NOT NULL
);

-- Verification of the organization by its business licence, decided by support; states as for persons.
ALTER TABLE organizations ADD COLUMN verification TEXT NOT NULL DEFAULT 'unverified'
    CHECK (verification IN ('unverified', 'pending', 'verified', 'rejected'));
ALTER TABLE organizations ADD COLUMN licence_key TEXT;
ALTER TABLE organizations ADD COLUMN licence_type TEXT;
ALTER TABLE organizations ADD COLUMN verification_reason TEXT;
ALTER TABLE organizations ADD COLUMN verification_decided_ms BIGINT;
CREATE INDEX organizations_by_verification ON organizations (verification);

-- 法人申诉: an organization that can't recover its account (renamed, the 主代办人 gone) states its
-- current full name and credit code, uploads the licence copy (signed and stamped) and the change
-- statement, and proves the phone the answer goes to. Approved: the current name is taken over and a
-- temporary password goes to that phone.
CREATE TABLE org_appeals (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES organizations (id),
    full_name       TEXT NOT NULL,
    phone           TEXT NOT NULL,
    licence_key     TEXT NOT NULL,
    licence_type    TEXT NOT NULL,
    statement_key   TEXT NOT NULL,
    statement_type  TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
    reviewer_id     BIGINT REFERENCES users (id),
    review_reason   TEXT,
    created_ms      BIGINT NOT NULL,
    reviewed_ms     BIGINT
);
CREATE INDEX org_appeals_by_status ON org_appeals (status, created_ms);
CREATE INDEX org_appeals_by_org ON org_appeals (org_id, status);
