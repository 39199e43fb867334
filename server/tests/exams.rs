//! Exams (SPEC §7) on both databases: the entry window, the fixed draw without answers, the idempotent
//! save, another candidate's attempt, switches, the deadline, grading and the attempt limit.
mod common;

use app::accounts::ssr::{demo, users};
use app::error::AppError;
use app::exams::ssr::{attempts, confirm, exams, grade, switches};
use app::exams::types::{AnswerValue, ExamSettings, QuestionKind};
use common::{TestDb, START_MS};

const MINUTE: i64 = 60;

async fn user(db: &TestDb, username: &str) -> users::UserRow {
    users::by_username(&db.state.db, username).await.unwrap().unwrap()
}

fn refusal(err: AppError) -> String {
    match err {
        AppError::Refused(text) => text.zh,
        other => panic!("not a refusal: {other:?}"),
    }
}

/// A formal exam without proctoring for demo_candidate, starting `starts_in_min` from now.
async fn formal_exam(db: &TestDb, starts_in_min: i64) -> i64 {
    let admin = user(db, "demo_examiner").await;
    let mut settings = ExamSettings::formal_defaults("测试考试", START_MS + starts_in_min * 60_000);
    settings.proctoring = false;
    settings.candidates = vec!["demo_candidate".into()];
    exams::create(&db.state, &admin, &settings).await.unwrap()
}

/// demo_candidate in an attempt of a formal exam that has just started.
async fn started_formal_exam(db: &TestDb) -> (users::UserRow, i64, i64) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let candidate = user(db, "demo_candidate").await;
    let exam_id = formal_exam(db, 0).await;
    confirm::complete(&db.state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let attempt_id = attempts::begin(&db.state, &candidate, exam_id).await.unwrap();
    (candidate, exam_id, attempt_id)
}

/// The right answer for a position, read from the bank the way only the server can.
async fn right_answer(db: &TestDb, attempt_id: i64, position: i64) -> AnswerValue {
    let (kind, key, order): (String, String, String) = sqlx::query_as(
        "SELECT q.kind, q.answer, aq.option_order FROM attempt_questions aq JOIN questions q ON q.id = aq.question_id \
         WHERE aq.attempt_id = $1 AND aq.position = $2",
    )
    .bind(attempt_id)
    .bind(position)
    .fetch_one(&db.state.db)
    .await
    .unwrap();
    if kind == "fill" {
        let accepted: Vec<String> = serde_json::from_str(&key).unwrap();
        // Typed in full-width with extra spaces: still right.
        let full_width: String = accepted[0]
            .chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
            .collect();
        return AnswerValue::Text(format!("  {full_width} "));
    }
    let key: Vec<u32> = serde_json::from_str(&key).unwrap();
    let order: Vec<u32> = serde_json::from_str(&order).unwrap();
    AnswerValue::Choices(key.iter().map(|k| order.iter().position(|o| o == k).unwrap() as u32).collect())
}

async fn entry_opens_in_the_waiting_room_and_closes_30_minutes_after_the_start(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let exam_id = formal_exam(db, 60).await;
    let err = confirm::complete(state, &user(db, "demo_support").await, exam_id, confirm::Step::Agreement).await;
    assert_eq!(err.unwrap_err(), AppError::NotFound, "not on the candidate list");
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    let err = attempts::begin(state, &candidate, exam_id).await.unwrap_err();
    assert_eq!(refusal(err), "候考将于开考前45分钟开启，请稍后再来");
    db.clock.advance_secs(20 * MINUTE);
    let err = attempts::begin(state, &candidate, exam_id).await.unwrap_err();
    assert_eq!(refusal(err), "考试尚未开始，请在候考页面等待");
    // Leaving the waiting room means confirming again.
    confirm::leave_waiting_room(state, &candidate, exam_id).await.unwrap();
    db.clock.advance_secs(40 * MINUTE);
    let err = attempts::begin(state, &candidate, exam_id).await.unwrap_err();
    assert_eq!(refusal(err), "请先完成考前确认");
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await.unwrap();
    db.clock.advance_secs(30 * MINUTE);
    let err = attempts::begin(state, &candidate, exam_id).await.unwrap_err();
    assert_eq!(refusal(err), "开考30分钟后无法进入考试");
    assert_eq!(db.count("SELECT COUNT(*) FROM attempts").await, 0);
}

async fn the_draw_is_fixed_and_answers_never_reach_the_paper(db: &TestDb) {
    let (candidate, exam_id, attempt_id) = started_formal_exam(db).await;
    let state = &db.state;
    assert_eq!(attempts::begin(state, &candidate, exam_id).await.unwrap(), attempt_id, "a second start resumes");
    let paper = attempts::paper(state, &candidate, attempt_id).await.unwrap();
    let kinds: Vec<QuestionKind> = paper.questions.iter().map(|q| q.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == QuestionKind::Single).count(), 20);
    assert_eq!(kinds.iter().filter(|k| **k == QuestionKind::Multiple).count(), 10);
    assert_eq!(kinds.iter().filter(|k| **k == QuestionKind::Fill).count(), 10);
    assert_eq!(attempts::paper(state, &candidate, attempt_id).await.unwrap().questions, paper.questions);
    // What the browser gets holds no answer key: each question is its stem, its options and its points.
    let json = serde_json::to_value(&paper).unwrap();
    for question in json["questions"].as_array().unwrap() {
        let mut fields: Vec<&str> = question.as_object().unwrap().keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["kind", "options", "points", "position", "stem"]);
        if question["kind"] == "Fill" {
            assert_eq!(question["options"], serde_json::json!([]));
        }
    }
    assert_eq!(json["answers"], serde_json::json!([]));
    // Another candidate can neither read nor write this attempt.
    let other = user(db, "demo_support").await;
    assert_eq!(attempts::paper(state, &other, attempt_id).await.unwrap_err(), AppError::NotFound);
    let answer = AnswerValue::Choices(vec![0]);
    assert_eq!(attempts::save_answer(state, &other, attempt_id, 0, &answer, 1).await.unwrap_err(), AppError::NotFound);
    assert_eq!(grade::hand_in(state, &other, attempt_id).await.unwrap_err(), AppError::NotFound);
}

async fn saves_are_idempotent_and_never_overwrite_a_newer_answer(db: &TestDb) {
    let (candidate, _, attempt_id) = started_formal_exam(db).await;
    let state = &db.state;
    let candidate = &candidate;
    let save = |position: i64, answer: AnswerValue, revision: i64| async move {
        attempts::save_answer(state, candidate, attempt_id, position, &answer, revision).await
    };
    assert!(save(0, AnswerValue::Choices(vec![2]), 2).await.unwrap().stored);
    let late = save(0, AnswerValue::Choices(vec![1]), 1).await.unwrap();
    assert_eq!((late.stored, late.revision), (false, 2), "an older revision arriving late changes nothing");
    assert!(!save(0, AnswerValue::Choices(vec![2]), 2).await.unwrap().stored, "a repeat changes nothing");
    let paper = attempts::paper(state, candidate, attempt_id).await.unwrap();
    assert_eq!(paper.answers[0].answer, AnswerValue::Choices(vec![2]));
    // Bad input: two options on a single choice, an option that doesn't exist, text for a choice, no question.
    for (position, answer) in [
        (0, AnswerValue::Choices(vec![0, 1])),
        (0, AnswerValue::Choices(vec![7])),
        (0, AnswerValue::Text("A".into())),
        (39, AnswerValue::Text("x".repeat(201))),
    ] {
        assert!(matches!(save(position, answer, 9).await.unwrap_err(), AppError::Invalid(_)));
    }
    assert_eq!(save(99, AnswerValue::Choices(vec![0]), 1).await.unwrap_err(), AppError::NotFound);
    assert!(matches!(save(1, AnswerValue::Choices(vec![0]), 0).await.unwrap_err(), AppError::Invalid(_)));
}

/// Group commit: a burst of concurrent saves is written in a few statements, and each request is
/// answered as it would have been alone: every question ends at its highest revision, and a lower
/// revision is told which revision is kept.
async fn a_burst_of_saves_is_written_together_and_each_answered_truly(db: &TestDb) {
    let (candidate, _, attempt_id) = started_formal_exam(db).await;
    let (state, candidate) = (&db.state, &candidate);
    let save = |position: i64, answer: AnswerValue, revision: i64| async move {
        (position, revision, attempts::save_answer(state, candidate, attempt_id, position, &answer, revision).await)
    };
    // Positions 0..20 are single choice: each gets revisions 1..=3 at once, in no particular order.
    let mut burst = Vec::new();
    for position in 0..20 {
        for revision in [2, 1, 3] {
            burst.push(save(position, AnswerValue::Choices(vec![revision as u32 - 1]), revision));
        }
    }
    // One bad answer in the crowd is refused alone.
    burst.push(save(0, AnswerValue::Choices(vec![9]), 9));
    let replies = futures::future::join_all(burst).await;
    for (position, revision, reply) in &replies {
        match reply {
            Ok(outcome) if outcome.stored => assert_eq!(outcome.revision, *revision),
            Ok(outcome) => assert!(outcome.revision > *revision, "{position}/{revision}: kept {}", outcome.revision),
            Err(err) => {
                assert!(matches!(err, AppError::Invalid(_)) && *revision == 9, "{position}/{revision}: {err:?}")
            }
        }
    }
    assert!(replies.iter().any(|(_, revision, reply)| *revision == 3 && reply.as_ref().is_ok_and(|o| o.stored)));
    let paper = attempts::paper(state, candidate, attempt_id).await.unwrap();
    assert_eq!(paper.answers.len(), 20);
    for answer in &paper.answers {
        assert_eq!((answer.revision, &answer.answer), (3, &AnswerValue::Choices(vec![2])), "{answer:?}");
    }
}

/// A save and the hand-in can't cross (the save's statement checks the attempt's status): whatever the
/// interleaving, the score is exactly the points of the answers the candidate was told were saved, and
/// every save not taken was told the exam is over.
async fn saves_racing_the_hand_in_are_graded_or_refused(db: &TestDb) {
    let (candidate, _, attempt_id) = started_formal_exam(db).await;
    let (state, candidate) = (&db.state, &candidate);
    let mut right = Vec::new();
    for position in 0..40 {
        right.push((position, right_answer(db, attempt_id, position).await));
    }
    let saves = right.iter().map(|(position, answer)| async move {
        (*position, attempts::save_answer(state, candidate, attempt_id, *position, answer, 1).await)
    });
    let hand_in = async {
        tokio::task::yield_now().await;
        grade::hand_in(state, candidate, attempt_id).await.unwrap()
    };
    let (replies, result) = tokio::join!(futures::future::join_all(saves), hand_in);
    let points: Vec<(i64, i64)> =
        sqlx::query_as("SELECT position, points FROM attempt_questions WHERE attempt_id = $1")
            .bind(attempt_id)
            .fetch_all(&state.db)
            .await
            .unwrap();
    let mut acknowledged_points = 0;
    for (position, reply) in replies {
        match reply {
            Ok(outcome) => {
                assert!(outcome.stored, "{position}");
                acknowledged_points += points.iter().find(|(p, _)| *p == position).unwrap().1;
            }
            Err(err) => assert_eq!(refusal(err), "考试已结束（已交卷），答案未保存", "{position}"),
        }
    }
    let (score,): (i64,) =
        sqlx::query_as("SELECT score FROM attempts WHERE id = $1").bind(attempt_id).fetch_one(&state.db).await.unwrap();
    assert_eq!(score, acknowledged_points, "graded: {result:?}");
}

async fn the_deadline_submits_and_grading_folds_fill_ins(db: &TestDb) {
    let (candidate, exam_id, attempt_id) = started_formal_exam(db).await;
    let state = &db.state;
    // Every question right except position 0 (left blank).
    for position in 1..40 {
        let answer = right_answer(db, attempt_id, position).await;
        attempts::save_answer(state, &candidate, attempt_id, position, &answer, 1).await.unwrap();
    }
    db.clock.advance_secs(60 * MINUTE);
    // Inside the grace period a save in flight is still taken, and the task doesn't submit yet.
    let answer = right_answer(db, attempt_id, 1).await;
    attempts::save_answer(state, &candidate, attempt_id, 1, &answer, 2).await.unwrap();
    assert_eq!(grade::submit_overdue(state).await.unwrap(), 0);
    db.clock.advance_secs(6);
    assert_eq!(grade::submit_overdue(state).await.unwrap(), 1);
    assert_eq!(grade::submit_overdue(state).await.unwrap(), 0, "submitted once");
    let err = attempts::save_answer(state, &candidate, attempt_id, 0, &AnswerValue::Choices(vec![0]), 1).await;
    assert_eq!(refusal(err.unwrap_err()), "考试已结束（已交卷），答案未保存");
    let result = grade::result(state, &candidate, attempt_id).await.unwrap();
    assert_eq!(result.submit_reason, "deadline");
    assert_eq!(result.max_score, 20 * 2 + 10 * 4 + 10 * 2);
    assert_eq!(result.score, Some(result.max_score - 2));
    assert_eq!(result.outcome, "passed");
    // Formal exams allow one attempt.
    let err = attempts::begin(state, &candidate, exam_id).await.unwrap_err();
    assert_eq!(refusal(err), "本考试只能参加1次，您已参加过");
}

async fn the_third_switch_submits_and_one_action_counts_once(db: &TestDb) {
    let (candidate, _, attempt_id) = started_formal_exam(db).await;
    let state = &db.state;
    let now = || state.now_ms();
    let first = switches::record_switch(state, &candidate, attempt_id, "fullscreen", 1, now()).await.unwrap();
    let same_action = switches::record_switch(state, &candidate, attempt_id, "hidden", 2, now()).await.unwrap();
    assert_eq!((first.switch_count, same_action.switch_count, first.switch_limit), (1, 1, 3));
    db.clock.advance_secs(10);
    assert_eq!(
        switches::record_switch(state, &candidate, attempt_id, "focus", 3, now()).await.unwrap().switch_count,
        2
    );
    // A report sent again (its answer was lost) is taken once.
    assert_eq!(
        switches::record_switch(state, &candidate, attempt_id, "focus", 3, now()).await.unwrap().switch_count,
        2
    );
    // A reload doesn't reset the count.
    assert_eq!(attempts::paper(state, &candidate, attempt_id).await.unwrap().switch_count, 2);
    db.clock.advance_secs(10);
    let third = switches::record_switch(state, &candidate, attempt_id, "hidden", 4, now()).await.unwrap();
    assert!(third.submitted);
    let result = grade::result(state, &candidate, attempt_id).await.unwrap();
    assert_eq!((result.submit_reason.as_str(), result.score), ("switches", Some(0)));
    assert_eq!(db.count("SELECT COUNT(*) FROM attempt_events WHERE kind LIKE 'switch_%'").await, 3);
}

/// Switches made while the network was down arrive late, all at once, some twice: each distinct one
/// counts once at the time it happened, and none can be dated outside the attempt.
async fn late_switch_reports_count_once_each(db: &TestDb) {
    let (candidate, _, attempt_id) = started_formal_exam(db).await;
    let state = &db.state;
    let started = state.now_ms();
    db.clock.advance_secs(120);
    // Seen at +30 s (leaving fullscreen and hiding: one action) and at +60 s, reported now, in a burst.
    let reports =
        [("fullscreen", 1, started + 30_000), ("hidden", 2, started + 30_500), ("hidden", 3, started + 60_000)];
    let mut burst = Vec::new();
    for (what, seq, at) in reports.iter().chain(reports.iter()).copied() {
        let (state, candidate) = (state.clone(), candidate.clone());
        burst.push(tokio::spawn(async move {
            switches::record_switch(&state, &candidate, attempt_id, what, seq, at).await
        }));
    }
    for report in burst {
        report.await.unwrap().unwrap();
    }
    assert_eq!(attempts::paper(state, &candidate, attempt_id).await.unwrap().switch_count, 2);
    let late: Vec<(String,)> =
        sqlx::query_as("SELECT detail FROM attempt_events WHERE kind LIKE 'switch_%' ORDER BY created_ms")
            .fetch_all(&state.db)
            .await
            .unwrap();
    // Whichever of the action's two events came first is the one counted (at +30 s or +30.5 s).
    assert_eq!(late.len(), 2, "{late:?}");
    assert!(["reported 90 s late", "reported 89 s late"].contains(&late[0].0.as_str()), "{late:?}");
    assert_eq!(late[1].0, "reported 60 s late");
    // Offline periods are noted for the office, never longer than the attempt has lasted.
    switches::record_offline(state, &candidate, attempt_id, 47).await.unwrap();
    switches::record_offline(state, &candidate, attempt_id, 999_999).await.unwrap();
    let noted: Vec<(String,)> =
        sqlx::query_as("SELECT detail FROM attempt_events WHERE attempt_id = $1 AND kind = 'offline' ORDER BY id")
            .bind(attempt_id)
            .fetch_all(&state.db)
            .await
            .unwrap();
    assert_eq!(noted, vec![("offline 47 s".to_string(),), ("offline 120 s".to_string(),)]);
    // A time before the attempt is bounded by its start (a switch of its own, 30 s before the first).
    let before = switches::record_switch(state, &candidate, attempt_id, "hidden", 4, 0).await.unwrap();
    assert_eq!(before.switch_count, 3);
    assert!(before.submitted);
}

async fn mock_exams_allow_any_number_of_attempts(db: &TestDb) {
    demo::seed_if_empty(&db.state).await.unwrap();
    let state = &db.state;
    let candidate = user(db, "demo_candidate").await;
    let mine = exams::mine(state, &candidate).await.unwrap();
    let mock = mine.iter().find(|e| e.kind == "mock").expect("the demo mock exam");
    confirm::complete(state, &candidate, mock.exam_id, confirm::Step::Agreement).await.unwrap();
    for _ in 0..3 {
        let attempt_id = attempts::begin(state, &candidate, mock.exam_id).await.unwrap();
        let paper = attempts::paper(state, &candidate, attempt_id).await.unwrap();
        assert_eq!(paper.questions.len(), 10);
        assert_eq!(paper.deadline_ms, state.now_ms() + 20 * 60_000, "a mock attempt gets its full duration");
        grade::hand_in(state, &candidate, attempt_id).await.unwrap();
    }
}

on_both_databases!(
    entry_opens_in_the_waiting_room_and_closes_30_minutes_after_the_start,
    the_draw_is_fixed_and_answers_never_reach_the_paper,
    saves_are_idempotent_and_never_overwrite_a_newer_answer,
    a_burst_of_saves_is_written_together_and_each_answered_truly,
    saves_racing_the_hand_in_are_graded_or_refused,
    the_deadline_submits_and_grading_folds_fill_ins,
    the_third_switch_submits_and_one_action_counts_once,
    late_switch_reports_count_once_each,
    mock_exams_allow_any_number_of_attempts,
);

mod routes {
    use super::*;
    use axum::http::StatusCode;
    use common::{post_bytes, sign_in_cookie as sign_in};

    /// The CSV import is for exam admins, reports every bad row by line and imports all rows or none.
    pub async fn csv_import_is_all_or_nothing_for_exam_admins(db: &TestDb) {
        demo::seed_if_empty(&db.state).await.unwrap();
        let app = server::router::app(db.state.clone());
        let before = db.count("SELECT COUNT(*) FROM questions").await;
        let csv =
            "题型,题干,选项,答案\n单选,好的一题,甲|乙,A\n判断,坏题,对|错,A\n多选,又一坏题,甲|乙|丙,A\n".as_bytes();
        let path = "/api/exam-admin/questions/import";
        let candidate = sign_in(&app, "demo_candidate", "Candidate#2026").await;
        assert_eq!(post_bytes(&app, path, Some(&candidate), csv).await.0, StatusCode::FORBIDDEN);
        assert_eq!(post_bytes(&app, path, None, csv).await.0, StatusCode::UNAUTHORIZED);
        let examiner = sign_in(&app, "demo_examiner", "Examiner#2026").await;
        let (status, body) = post_bytes(&app, path, Some(&examiner), csv).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let messages: Vec<&str> =
            body["Invalid"].as_array().unwrap().iter().map(|f| f["text"]["zh"].as_str().unwrap()).collect();
        assert_eq!(messages.len(), 2);
        assert!(messages[0].starts_with("第3行：") && messages[1].starts_with("第4行："), "{messages:?}");
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, before, "nothing half-imported");
        let good = "题型,题干,选项,答案\n单选,好的一题,甲|乙,A\n填空,首都,,北京\n".as_bytes();
        let (status, body) = post_bytes(&app, path, Some(&examiner), good).await;
        assert_eq!((status, body["imported"].as_i64()), (StatusCode::OK, Some(2)));
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, before + 2);
    }

    /// The batch save a page sends after an outage: each answer stored or refused on its own, in order;
    /// more than a paper could hold is refused whole; another candidate's attempt doesn't exist.
    pub async fn the_batch_save_answers_each_answer_on_its_own(db: &TestDb) {
        let (_, _, attempt_id) = started_formal_exam(db).await;
        let app = server::router::app(db.state.clone());
        let candidate = sign_in(&app, "demo_candidate", "Candidate#2026").await;
        let answers = serde_json::json!([
            {"position": 0, "answer": {"Choices": [1]}, "revision": 1},
            {"position": 1, "answer": {"Choices": [0, 1]}, "revision": 1},
            {"position": 2, "answer": {"Choices": [2]}, "revision": 4},
        ]);
        let body = serde_json::json!({"attempt_id": attempt_id, "answers": answers});
        let reply = common::call(&app, "POST", "/api/exams/save-batch", body.clone(), Some(&candidate)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        let outcomes = reply.body.as_array().unwrap();
        assert_eq!(outcomes.len(), 3);
        assert_eq!(outcomes[0]["Ok"]["stored"], true);
        assert!(outcomes[1]["Err"]["Invalid"].is_array(), "two options on a single choice: {:?}", outcomes[1]);
        assert_eq!(
            (outcomes[2]["Ok"]["stored"].as_bool(), outcomes[2]["Ok"]["revision"].as_i64()),
            (Some(true), Some(4))
        );
        // Sent again (the reply was lost): nothing changes, and each is told the revision kept.
        let again = common::call(&app, "POST", "/api/exams/save-batch", body, Some(&candidate)).await;
        assert_eq!(again.body[0]["Ok"]["stored"], false);
        assert_eq!(db.count("SELECT COUNT(*) FROM attempt_answers").await, 2);
        let too_many: Vec<_> = (0..201)
            .map(|i| serde_json::json!({"position": i % 20, "answer": {"Choices": [0]}, "revision": 9}))
            .collect();
        let body = serde_json::json!({"attempt_id": attempt_id, "answers": too_many});
        let reply = common::call(&app, "POST", "/api/exams/save-batch", body, Some(&candidate)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let other = sign_in(&app, "demo_reviewer1", "Reviewer#2026").await;
        let body = serde_json::json!({"attempt_id": attempt_id, "answers": [{"position": 0, "answer": {"Choices": [0]}, "revision": 7}]});
        let reply = common::call(&app, "POST", "/api/exams/save-batch", body, Some(&other)).await;
        assert_eq!(reply.body[0]["Err"], "NotFound", "{:?}", reply.body);
    }
}

use routes::{csv_import_is_all_or_nothing_for_exam_admins, the_batch_save_answers_each_answer_on_its_own};

on_both_databases!(csv_import_is_all_or_nothing_for_exam_admins, the_batch_save_answers_each_answer_on_its_own);
