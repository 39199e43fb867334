-- Organizations (SPEC §2 "Organizations"). Keep in step with postgres/0003_orgs.sql.

-- An employer registered by its admin (one organization per admin account). Name and code are unique:
-- the constraints decide under a race, the code reports "单位名称已被注册" / "信用代码已被注册".
CREATE TABLE organizations (
    id             INTEGER PRIMARY KEY,
    -- trimmed full name as on the business licence
    full_name      TEXT NOT NULL UNIQUE,
    -- normalized unified social credit code: 18 characters, upper case
    uscc           TEXT NOT NULL UNIQUE,
    legal_rep_name TEXT NOT NULL,
    -- 法定代表人 / 负责人 / 其他
    legal_rep_type TEXT NOT NULL CHECK (legal_rep_type IN ('legal_person', 'principal', 'other')),
    -- landline, 区号-号码[-分机]
    contact_phone  TEXT NOT NULL,
    admin_user_id  BIGINT NOT NULL UNIQUE REFERENCES users (id),
    created_ms     BIGINT NOT NULL
);

-- The roles an organization holds, declared at registration: only these can be granted to its people.
CREATE TABLE organization_roles (
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role   TEXT NOT NULL CHECK (role IN ('agency_staff', 'evaluation_expert', 'training_manager')),
    PRIMARY KEY (org_id, role)
);

-- Which person holds which role on behalf of which organization, and who granted it.
CREATE TABLE organization_grants (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    granted_by BIGINT NOT NULL REFERENCES users (id),
    created_ms BIGINT NOT NULL,
    UNIQUE (org_id, user_id, role),
    -- a grant needs the organization to hold the role
    FOREIGN KEY (org_id, role) REFERENCES organization_roles (org_id, role) ON DELETE CASCADE
);
CREATE INDEX organization_grants_by_user ON organization_grants (user_id);
