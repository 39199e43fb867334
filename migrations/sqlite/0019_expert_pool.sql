-- The existing expert pool and the old → new specialty mapping (issue 19, seed 000 q.3–4 and 专家信息).
-- Keep in step with postgres/0019_expert_pool.sql.

-- The level-3 specialties an old level-2 one may become (the catalog CSV's 对应新专业 column); a renewing
-- expert who holds the old one maps it to one of these and to nothing else.
CREATE TABLE specialty_mappings (
    legacy_code    TEXT NOT NULL REFERENCES specialties (code),
    specialty_code TEXT NOT NULL REFERENCES specialties (code),
    PRIMARY KEY (legacy_code, specialty_code)
);

-- The pool as the old system held it, imported by the system admin. A renewal finds its expert's record
-- by ID number and normalized name (`name_key`) and links it to the account (`user_id`); support links
-- passport and officer-card holders by hand.
CREATE TABLE pool_records (
    id           INTEGER PRIMARY KEY,
    real_name    TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    id_type      TEXT NOT NULL,
    id_number    TEXT NOT NULL UNIQUE,
    phone        TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    expires_on   TEXT NOT NULL,
    imported_ms  BIGINT NOT NULL,
    user_id      BIGINT UNIQUE REFERENCES users (id),
    linked_ms    BIGINT,
    linked_by    BIGINT REFERENCES users (id)
);
CREATE TABLE pool_record_specialties (
    record_id      BIGINT NOT NULL REFERENCES pool_records (id),
    specialty_code TEXT NOT NULL REFERENCES specialties (code),
    PRIMARY KEY (record_id, specialty_code)
);
