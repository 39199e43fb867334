-- 通知公告 on the home page (issue 19). Keep in step with postgres/0017_notices.sql.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    pinned      BIGINT NOT NULL DEFAULT 0,
    -- shown from this time on (a notice can be written ahead)
    publish_ms  BIGINT NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_ms  BIGINT NOT NULL
);
CREATE INDEX notices_by_publish ON notices (publish_ms);
