-- Certificates (SPEC §7): issued on a pass of a formal exam; the serial is public (QR code, /verify).
-- Keep in step with postgres/0007_certificates.sql.
CREATE TABLE certificates (
    id                INTEGER PRIMARY KEY,
    serial            TEXT NOT NULL UNIQUE,
    attempt_id        BIGINT NOT NULL UNIQUE REFERENCES attempts (id),
    user_id           BIGINT NOT NULL REFERENCES users (id),
    exam_id           BIGINT NOT NULL REFERENCES exams (id),
    -- what the certificate says, fixed at issue (a later name fix doesn't rewrite issued certificates)
    holder_name       TEXT NOT NULL,
    id_number_masked  TEXT NOT NULL,
    exam_title        TEXT NOT NULL,
    score             BIGINT NOT NULL,
    max_score         BIGINT NOT NULL,
    issued_ms         BIGINT NOT NULL
);
CREATE INDEX certificates_by_user ON certificates (user_id);
