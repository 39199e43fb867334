-- After the exam (SPEC §7): complaints (我要投诉) within [48] hours of the result, answered by SMS, and
-- the exam admin's review of attempts marked "pending review". Keep in step with postgres/0006_exam_review.sql.

CREATE TABLE exam_complaints (
    id           INTEGER PRIMARY KEY,
    attempt_id   BIGINT NOT NULL REFERENCES attempts (id),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    body         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'answered')),
    answer       TEXT,
    answered_by  BIGINT REFERENCES users (id),
    created_ms   BIGINT NOT NULL,
    answered_ms  BIGINT
);
CREATE INDEX exam_complaints_by_status ON exam_complaints (status, created_ms);
CREATE INDEX exam_complaints_by_attempt ON exam_complaints (attempt_id);

-- Who decided a reviewed attempt, and why.
ALTER TABLE attempts ADD COLUMN reviewed_by BIGINT REFERENCES users (id);
ALTER TABLE attempts ADD COLUMN review_note TEXT;
