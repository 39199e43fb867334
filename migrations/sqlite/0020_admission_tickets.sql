-- 准考证 (issue 19): a paid registration enrols its candidate in the exam the exam office links to each
-- subject, with an admission ticket per subject, printable inside the window the office opens.
-- Keep in step with postgres/0020_admission_tickets.sql.
ALTER TABLE reg_windows ADD COLUMN tickets_from_ms BIGINT;
ALTER TABLE reg_windows ADD COLUMN tickets_until_ms BIGINT;
CREATE TABLE reg_subject_exams (
    window_id     BIGINT NOT NULL REFERENCES reg_windows (id),
    subject_code  TEXT NOT NULL REFERENCES reg_subjects (code),
    exam_id       BIGINT NOT NULL REFERENCES exams (id),
    PRIMARY KEY (window_id, subject_code)
);
-- The seat is the site's seat counter when the payment took it: unique within the site.
CREATE TABLE admission_tickets (
    ticket_no       TEXT PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    subject_code    TEXT NOT NULL REFERENCES reg_subjects (code),
    seat_no         BIGINT NOT NULL,
    created_ms      BIGINT NOT NULL,
    UNIQUE (registration_id, subject_code)
);
