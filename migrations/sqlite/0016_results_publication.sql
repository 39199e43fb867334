-- Results published by the exam office (issue 19). Keep in step with postgres/0016_results_publication.sql.
-- For exams that don't show results at hand-in: when they are to be published (set by the office, after
-- the exam's end) and when they were (once; each candidate is told by SMS then).
ALTER TABLE exams ADD COLUMN results_publish_ms BIGINT;
ALTER TABLE exams ADD COLUMN results_published_ms BIGINT;
-- The day-before reminder of a formal exam, sent once (issue 19).
ALTER TABLE exams ADD COLUMN reminder_sent_ms BIGINT;
-- Whether a window's applicants must pass an exam after the four approvals (征集 and 续聘: yes). The
-- exam then decides: 'approved' (待考试) → 'admitted' (in the pool) or 'not_admitted'.
ALTER TABLE application_windows ADD COLUMN exam_required BIGINT NOT NULL DEFAULT 1;
