-- Single sign-on through OpenID Connect providers (issue 21, seed 003: "点击山西政府采购平台 … 登录后系统自动返回
-- 考试页面"). Keep in step with the other database's 0024_single_sign_on.sql (they differ only in identity
-- columns).

-- A provider configured by the admin. `issuer_url` "builtin" is the built-in development provider at
-- this server's own /dev/oidc (development mode only), which needs no network.
CREATE TABLE sso_providers (
    id            INTEGER PRIMARY KEY,
    -- in the addresses: /sso/<slug>/start, /sso/<slug>/callback
    slug          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    issuer_url    TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    enabled       BIGINT NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_ms    BIGINT NOT NULL
);

-- A provider's subject linked to one of our accounts: by the verified ID number on first use, or by a
-- signed-in person's one-time link. One account per subject and one subject per account and provider.
CREATE TABLE sso_links (
    provider_id BIGINT NOT NULL REFERENCES sso_providers (id),
    subject     TEXT NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_ms  BIGINT NOT NULL,
    PRIMARY KEY (provider_id, subject),
    UNIQUE (provider_id, user_id)
);

-- The built-in development provider's authorization codes: single use, short-lived, bound to the
-- client, the redirect address and the PKCE challenge.
CREATE TABLE dev_oidc_codes (
    code           TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    subject        TEXT NOT NULL,
    name           TEXT NOT NULL,
    id_number      TEXT NOT NULL,
    created_ms     BIGINT NOT NULL,
    used_ms        BIGINT
);
