-- Proctored exams (SPEC §7). Keep in step with postgres/0005_exams.sql.

-- The question bank. Options and accepted answers are JSON arrays; answers never leave the server
-- before the attempt that used the question is graded.
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'fill')),
    stem        TEXT NOT NULL,
    -- ["option A", "option B", ...]; empty for fill-in-the-blank
    options     TEXT NOT NULL,
    -- single: [index]; multiple: [index, ...]; fill: ["accepted answer", ...]
    answer      TEXT NOT NULL,
    active      BIGINT NOT NULL DEFAULT 1,
    created_ms  BIGINT NOT NULL,
    updated_ms  BIGINT NOT NULL
);
CREATE INDEX questions_by_kind ON questions (kind, active);

CREATE TABLE exams (
    id                INTEGER PRIMARY KEY,
    title             TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('formal', 'mock')),
    start_ms          BIGINT NOT NULL,
    duration_min      BIGINT NOT NULL,
    single_count      BIGINT NOT NULL,
    multiple_count    BIGINT NOT NULL,
    fill_count        BIGINT NOT NULL,
    single_points     BIGINT NOT NULL,
    multiple_points   BIGINT NOT NULL,
    fill_points       BIGINT NOT NULL,
    pass_mark         BIGINT NOT NULL,
    -- 0 = unlimited (mock exams)
    max_attempts      BIGINT NOT NULL,
    waiting_room_min  BIGINT NOT NULL,
    late_entry_min    BIGINT NOT NULL,
    switch_limit      BIGINT NOT NULL,
    verify_limit      BIGINT NOT NULL,
    proctoring        BIGINT NOT NULL,
    show_result       BIGINT NOT NULL,
    -- 'everyone' (mock), 'list' (exam_candidates)
    eligibility       TEXT NOT NULL CHECK (eligibility IN ('everyone', 'list')),
    created_ms        BIGINT NOT NULL
);
CREATE INDEX exams_by_start ON exams (start_ms);

CREATE TABLE exam_candidates (
    exam_id  BIGINT NOT NULL REFERENCES exams (id),
    user_id  BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (exam_id, user_id)
);
CREATE INDEX exam_candidates_by_user ON exam_candidates (user_id);

-- 考前确认: each step's time; the identity step is passed by a matching face photo. Cleared (the row
-- deleted) when the candidate leaves the waiting room, so the confirmation is done again.
CREATE TABLE exam_confirmations (
    exam_id         BIGINT NOT NULL REFERENCES exams (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    agreed_ms       BIGINT,
    camera_ok_ms    BIGINT,
    network_ok_ms   BIGINT,
    identity_ok_ms  BIGINT,
    PRIMARY KEY (exam_id, user_id)
);

-- Every identity check photo, counted against the exam's verification limit.
CREATE TABLE exam_face_checks (
    id           INTEGER PRIMARY KEY,
    exam_id      BIGINT NOT NULL REFERENCES exams (id),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    storage_key  TEXT NOT NULL,
    -- 'match' | 'no_match' | 'no_face' | 'several_faces' | 'review' (no comparison model: exam admin decides)
    outcome      TEXT NOT NULL,
    distance     TEXT,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX exam_face_checks_by_user ON exam_face_checks (exam_id, user_id);

CREATE TABLE attempts (
    id              INTEGER PRIMARY KEY,
    exam_id         BIGINT NOT NULL REFERENCES exams (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    attempt_no      BIGINT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted')),
    started_ms      BIGINT NOT NULL,
    deadline_ms     BIGINT NOT NULL,
    submitted_ms    BIGINT,
    -- 'candidate' | 'deadline' | 'switches' | 'admin'
    submit_reason   TEXT,
    switch_count    BIGINT NOT NULL DEFAULT 0,
    last_switch_ms  BIGINT,
    position        BIGINT NOT NULL DEFAULT 0,
    score           BIGINT,
    max_score       BIGINT NOT NULL,
    -- NULL until graded; 'passed' | 'failed' | 'pending_review'
    outcome         TEXT,
    multi_face_count BIGINT NOT NULL DEFAULT 0,
    UNIQUE (exam_id, user_id, attempt_no)
);
CREATE INDEX attempts_open_by_deadline ON attempts (status, deadline_ms);
CREATE INDEX attempts_by_user ON attempts (user_id, exam_id);

-- The draw of an attempt, fixed once made: which question at which position, options in which order.
CREATE TABLE attempt_questions (
    attempt_id    BIGINT NOT NULL REFERENCES attempts (id),
    position      BIGINT NOT NULL,
    question_id   BIGINT NOT NULL REFERENCES questions (id),
    -- JSON permutation: shown option i is the question's option option_order[i]
    option_order  TEXT NOT NULL,
    points        BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, position)
);

-- The newest answer per question; `revision` is the browser's counter, so a repeated or late request
-- never overwrites a newer answer.
CREATE TABLE attempt_answers (
    attempt_id  BIGINT NOT NULL REFERENCES attempts (id),
    position    BIGINT NOT NULL,
    -- JSON: shown option indexes, or the text typed
    answer      TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    saved_ms    BIGINT NOT NULL,
    correct     BIGINT,
    PRIMARY KEY (attempt_id, position)
);

-- Tab switches, proctoring snapshots and anomalies of an attempt.
CREATE TABLE attempt_events (
    id           INTEGER PRIMARY KEY,
    attempt_id   BIGINT NOT NULL REFERENCES attempts (id),
    kind         TEXT NOT NULL,
    detail       TEXT NOT NULL,
    storage_key  TEXT,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX attempt_events_by_attempt ON attempt_events (attempt_id, created_ms);
