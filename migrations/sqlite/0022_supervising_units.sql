-- Supervising units (归口单位 / 主管外专局, issue 21, seed 002). Keep in step with the other database's
-- 0022_supervising_units.sql (they differ only in identity columns).

-- A provincial or municipal supervising unit: its region is a province (provincial) or a city
-- (municipal). One approving admin decides the organizations that chose the unit.
CREATE TABLE supervising_units (
    id INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    level            TEXT NOT NULL CHECK (level IN ('provincial', 'municipal')),
    region_code      TEXT NOT NULL REFERENCES regions (code),
    approver_user_id BIGINT NOT NULL REFERENCES users (id),
    created_ms       BIGINT NOT NULL
);
CREATE INDEX supervising_units_by_approver ON supervising_units (approver_user_id);

-- Every hand-over of a unit's approving admin from A to B (seed 002: both recorded, with the reason).
CREATE TABLE supervising_unit_handovers (
    id INTEGER PRIMARY KEY,
    unit_id      BIGINT NOT NULL REFERENCES supervising_units (id),
    from_user_id BIGINT NOT NULL REFERENCES users (id),
    to_user_id   BIGINT NOT NULL REFERENCES users (id),
    by_user_id   BIGINT NOT NULL REFERENCES users (id),
    reason       TEXT NOT NULL,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX supervising_unit_handovers_by_unit ON supervising_unit_handovers (unit_id);

-- The unit an organization chose and where its approval stands: none (not chosen yet), pending
-- (等待归口单位审核), approved, or returned (with the unit's reason; the organization may choose again).
ALTER TABLE organizations ADD COLUMN supervising_unit_id BIGINT REFERENCES supervising_units (id);
ALTER TABLE organizations ADD COLUMN unit_status TEXT NOT NULL DEFAULT 'none'
    CHECK (unit_status IN ('none', 'pending', 'approved', 'returned'));
ALTER TABLE organizations ADD COLUMN unit_reason TEXT;
ALTER TABLE organizations ADD COLUMN unit_decided_ms BIGINT;
CREATE INDEX organizations_by_unit ON organizations (supervising_unit_id, unit_status);
