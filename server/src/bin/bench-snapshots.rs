//! Snapshot identity checks benchmark (bench/snapshots, issue 17): how many proctoring snapshots one core
//! checks per second (face detection + dlib comparison with the verified ID photo), and the queue's delay
//! when snapshots arrive as they would from N candidates sending one every 3 minutes.
//!
//! `bench-snapshots [candidates=5000] [seconds=60] [workers=0]` on a fresh SQLite database in a temporary
//! folder; face models from `ZJ_EXAMS__FACE_MODELS_DIR`, portraits from `ZJ_FACE_PHOTOS_DIR` (as the
//! tests). Prints one report; changes nothing outside the temporary folder.
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::accounts::ssr::{demo, users};
use app::config::Settings;
use app::exams::ssr::{attempts, confirm, exams, proctoring, snapshot_checks};
use app::exams::types::ExamSettings;
use app::identity::fixtures::{self, jpeg};
use app::platform::clock::SystemClock;
use app::platform::{db, AppState};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let candidates = args.next().transpose()?.unwrap_or(5000);
    let seconds = args.next().transpose()?.unwrap_or(60);
    let workers = args.next().transpose()?.unwrap_or(0);
    let work = std::env::temp_dir().join(format!("zj-bench-snapshots-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let url = format!("sqlite://{}/bench.db", work.display());
    let mut settings = Settings::default();
    settings.database.url = url.clone();
    settings.storage.local_dir = work.join("files").display().to_string();
    settings.exams.face_models_dir = std::env::var("ZJ_EXAMS__FACE_MODELS_DIR")?;
    settings.exams.snapshot_workers = workers;
    // The per-attempt snapshot quota follows the shortest interval: one attempt takes the whole load here.
    settings.exams.snapshot_min_secs = 1;
    let pool = db::connect_and_migrate(&url, 8).await?;
    let state = AppState::new(pool, settings, Arc::new(SystemClock))?;
    demo::seed_if_empty(&state).await?;
    let attempt_id = an_attempt(&state).await?;
    let candidate = users::by_username(&state.db, "demo_candidate").await?.ok_or("demo_candidate")?;
    let pictures = fixtures::make(&state.faces)?;
    let frames = [jpeg(&pictures.one_face), jpeg(&pictures.same_person_again)];
    state.face_matcher().await.ok_or("face models missing: run scripts/setup")?;

    // 1. One core: checks one after another (the reference descriptor is cached after the first).
    let sequential = 20;
    for i in 0..=sequential {
        proctoring::record_snapshot(&state, &candidate, attempt_id, frames[i % 2].clone()).await?;
    }
    snapshot_checks::run_one(&state).await?; // warms the model and the reference cache
    let started = Instant::now();
    let ran = snapshot_checks::run_waiting(&state).await?;
    let per_check = started.elapsed().as_secs_f64() / ran as f64;
    let cores = std::thread::available_parallelism()?.get();
    println!(
        "one worker: {ran} checks, {:.0} ms each, {:.1} snapshots/s per core",
        per_check * 1000.0,
        1.0 / per_check
    );

    // 2. The queue under an exam's load: N candidates, one snapshot each per 180 s on average.
    let rate = candidates as f64 / 180.0;
    let total = (rate * seconds as f64).round() as usize;
    println!(
        "load: {candidates} candidates → {rate:.1} snapshots/s for {seconds} s ({total} snapshots), {cores} cores"
    );
    let (first_id,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM snapshot_checks").fetch_one(&state.db).await?;
    snapshot_checks::spawn_workers(&state);
    let load_started = Instant::now();
    for i in 0..total {
        let due = load_started + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let (state, candidate, frame) = (state.clone(), candidate.clone(), frames[i % 2].clone());
        tokio::spawn(async move { proctoring::record_snapshot(&state, &candidate, attempt_id, frame).await });
    }
    let sent = load_started.elapsed();
    let (waiting_at_end,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM snapshot_checks WHERE state <> 'done' AND id > $1")
            .bind(first_id)
            .fetch_one(&state.db)
            .await?;
    loop {
        let (waiting,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM snapshot_checks WHERE state <> 'done'").fetch_one(&state.db).await?;
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let drained = load_started.elapsed();
    let mut delays: Vec<i64> =
        sqlx::query_as::<_, (i64,)>("SELECT checked_ms - created_ms FROM snapshot_checks WHERE id > $1 ORDER BY 1")
            .bind(first_id)
            .fetch_all(&state.db)
            .await?
            .into_iter()
            .map(|(d,)| d)
            .collect();
    delays.sort_unstable();
    let at = |q: f64| delays[((delays.len() - 1) as f64 * q) as usize] as f64 / 1000.0;
    let throughput = delays.len() as f64 / drained.as_secs_f64();
    println!(
        "queue: sent in {:.1} s, {waiting_at_end} still waiting then, all checked after {:.1} s ({throughput:.1}/s)",
        sent.as_secs_f64(),
        drained.as_secs_f64()
    );
    println!("delay upload → checked: p50 {:.1} s, p95 {:.1} s, max {:.1} s", at(0.5), at(0.95), at(1.0));
    let keeps_up = throughput >= rate * 0.95 && waiting_at_end < (rate * 10.0) as i64;
    let cores_needed = (rate * per_check).ceil();
    println!(
        "keeps up: {}; {candidates} candidates need ≈ {cores_needed} cores of snapshot workers ({:.1} snapshots/s per core)",
        if keeps_up { "yes" } else { "no" },
        1.0 / per_check
    );
    drop(state);
    std::fs::remove_dir_all(&work)?;
    Ok(())
}

/// demo_candidate, verified with the fixtures' face, in an attempt of a new formal exam.
async fn an_attempt(state: &AppState) -> Result<i64, Box<dyn std::error::Error>> {
    let admin = users::by_username(&state.db, "demo_examiner").await?.ok_or("demo_examiner")?;
    let candidate = users::by_username(&state.db, "demo_candidate").await?.ok_or("demo_candidate")?;
    let mut settings = ExamSettings::formal_defaults("抓拍核验基准", state.now_ms());
    (settings.proctoring, settings.candidates, settings.duration_min) = (false, vec!["demo_candidate".into()], 240);
    let exam_id = exams::create(state, &admin, &settings).await?;
    let pictures = fixtures::make(&state.faces)?;
    let purpose = app::identity::types::FilePurpose::Face;
    app::identity::ssr::consent_to_face_processing(state, &candidate).await?;
    let face = app::identity::ssr::store_upload(state, &candidate, purpose, jpeg(&pictures.one_face)).await?;
    sqlx::query(
        "INSERT INTO identity_submissions (user_id, id_front_file, id_back_file, face_file, auto_report, status, created_ms, reviewed_ms) \
         VALUES ($1, $2, $2, $2, '', 'verified', $3, $3)",
    )
    .bind(candidate.id)
    .bind(face.file_id)
    .bind(state.now_ms())
    .execute(&state.db)
    .await?;
    confirm::complete(state, &candidate, exam_id, confirm::Step::Agreement).await?;
    let attempt_id = attempts::begin(state, &candidate, exam_id).await?;
    // Proctored from here on (the confirmation steps aren't what is measured).
    sqlx::query("UPDATE exams SET proctoring = 1 WHERE id = $1").bind(exam_id).execute(&state.db).await?;
    Ok(attempt_id)
}
