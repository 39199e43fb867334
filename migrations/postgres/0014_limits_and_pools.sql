-- Limits that hold when requests arrive together (issue 18). Keep in step with sqlite/0014_limits_and_pools.sql.
-- The identity checks of an exam are counted here, reserved by one conditional UPDATE before the photo
-- is compared, instead of counting the stored checks afterwards.
ALTER TABLE exam_confirmations ADD COLUMN face_checks_used BIGINT NOT NULL DEFAULT 0;
UPDATE exam_confirmations SET face_checks_used = (
    SELECT COUNT(*) FROM exam_face_checks c
    WHERE c.exam_id = exam_confirmations.exam_id AND c.user_id = exam_confirmations.user_id
);

-- Question pools (issue 18: no answer oracle): formal exams draw only from 'formal', mock exams only from
-- 'practice', so an unlimited mock with its score shown can't reveal a formal question's answer. Existing
-- questions stay formal; mock exams need practice questions imported.
ALTER TABLE questions ADD COLUMN pool TEXT NOT NULL DEFAULT 'formal';
CREATE INDEX questions_by_pool ON questions (pool, kind, active);
