-- Scale-out and crash safety (issue 7). Identical to postgres/0011_hardening.sql.

-- Per-address request counts in fixed windows (platform/limits.rs), shared by every server instance.
CREATE TABLE rate_limit_hits (
    bucket    TEXT NOT NULL,
    client    TEXT NOT NULL,
    window_ms BIGINT NOT NULL,
    hits      BIGINT NOT NULL,
    PRIMARY KEY (bucket, client, window_ms)
);

-- Attempts submitted but not yet graded: only a crash between the two leaves one, and the deadline task
-- finishes them (exams/ssr/grade.rs). Partial, so it stays tiny however many attempts there are.
CREATE INDEX attempts_ungraded ON attempts (id) WHERE status = 'submitted' AND outcome IS NULL;
