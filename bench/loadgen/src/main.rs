//! Load generator for the exam API: N candidates sign in, start one formal exam, save answers at a target
//! rate, and hand in. Prints one row per phase (latency percentiles, errors, achieved rate, server CPU and
//! RSS). Run by `bench/exam-load`, which seeds the users (`seed-bench`) and starts the server first.
//!
//! Every simulated candidate keeps its own session cookie, but all share one HTTP client (one connection
//! pool): 5,000 clients would mean 5,000 pools and keep-alive connections on the same 2 cores as the
//! server, measuring the generator more than the server.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use futures::stream::{self, StreamExt};
use hdrhistogram::Histogram;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

#[derive(Parser, Clone)]
#[command(about = "Exam API load generator: set-up, start, saves, step-up, RSS, hand-in")]
struct Args {
    /// One server, or several behind no balancer: "http://a:3100,http://b:3101" (requests go round-robin,
    /// so one candidate's calls land on every instance, as behind a balancer without sticky sessions).
    #[arg(long, value_delimiter = ',', default_value = "http://127.0.0.1:3100")]
    base_url: Vec<String>,
    /// Candidates bench_00001..bench_N (seeded by seed-bench).
    #[arg(long, default_value_t = 5000)]
    candidates: usize,
    #[arg(long, default_value = "Bench#2026pw")]
    password: String,
    #[arg(long, default_value = "demo_examiner")]
    admin_user: String,
    #[arg(long, default_value = "Examiner#2026")]
    admin_password: String,
    /// Parallel sign-ins and confirmations in the set-up (each sign-in costs one Argon2id verification).
    #[arg(long, default_value_t = 16)]
    setup_concurrency: usize,
    /// Starts (begin + paper) are spread evenly over this window; 0 = all at once.
    #[arg(long, default_value_t = 60.0)]
    start_window_secs: f64,
    #[arg(long, default_value_t = 1000)]
    save_rate: u64,
    #[arg(long, default_value_t = 120)]
    save_secs: u64,
    /// Step-up search for the highest sustainable save rate: first rate, increment, seconds, ceiling.
    #[arg(long, default_value_t = 1500)]
    step_start: u64,
    #[arg(long, default_value_t = 500)]
    step_inc: u64,
    #[arg(long, default_value_t = 20)]
    step_secs: u64,
    /// 0 skips the step-up.
    #[arg(long, default_value_t = 6000)]
    step_max: u64,
    /// A save rate is sustainable when p99 stays at or below this, with no errors and ≥ 95 % achieved.
    #[arg(long, default_value_t = 50.0)]
    p99_limit_ms: f64,
    /// Requests in flight beyond this are not sent (counted as "skipped": the server is falling behind).
    #[arg(long, default_value_t = 2000)]
    max_in_flight: usize,
    /// Server processes (comma-separated), for VmRSS and CPU time from /proc, summed.
    #[arg(long, value_delimiter = ',')]
    server_pid: Vec<u32>,
    /// Candidates who hand in at the end; 0 = all.
    #[arg(long, default_value_t = 0)]
    hand_in: usize,
    /// Also write the results as JSON here.
    #[arg(long)]
    json: Option<String>,
    /// The memory goal per server process (issue 20): the RSS line says whether every reading met it.
    #[arg(long, default_value_t = 200.0)]
    rss_goal_mb: f64,
}

/// One simulated candidate: its own session cookie, attempt and drawn paper (kind, option count).
#[derive(Clone, Default)]
struct Candidate {
    username: String,
    cookie: String,
    attempt_id: i64,
    questions: Vec<(i64, String, u32)>,
}

/// Outcomes of one phase, shared by its request tasks (one short lock per request is cheap at these rates).
struct Stats {
    hist: Histogram<u64>,
    ok: u64,
    errors: u64,
    skipped: u64,
    not_stored: u64,
    error_samples: Vec<String>,
}

type Shared = Arc<Mutex<Stats>>;

fn new_stats() -> Shared {
    // Microseconds, 1 µs .. 10 min, 3 significant digits.
    let hist = Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds");
    Arc::new(Mutex::new(Stats { hist, ok: 0, errors: 0, skipped: 0, not_stored: 0, error_samples: Vec::new() }))
}

fn record(stats: &Shared, took: Duration, outcome: &Result<Value, String>) {
    let mut s = stats.lock().unwrap();
    s.hist.saturating_record(took.as_micros().max(1) as u64);
    match outcome {
        Ok(_) => s.ok += 1,
        Err(e) => {
            s.errors += 1;
            if s.error_samples.len() < 5 {
                s.error_samples.push(e.clone());
            }
        }
    }
}

/// One line of the summary table.
struct Row {
    phase: String,
    target_rate: Option<u64>,
    secs: f64,
    stats: Shared,
    server_cpu_pct: Option<f64>,
    rss_mb: Option<f64>,
}

impl Row {
    fn to_json(&self) -> Value {
        let s = self.stats.lock().unwrap();
        let ms = |q: f64| s.hist.value_at_quantile(q) as f64 / 1000.0;
        json!({"phase": self.phase, "target_rate": self.target_rate, "secs": self.secs, "ok": s.ok,
            "errors": s.errors, "skipped": s.skipped, "not_stored": s.not_stored,
            "rate": s.ok as f64 / self.secs, "p50_ms": ms(0.5), "p95_ms": ms(0.95), "p99_ms": ms(0.99),
            "max_ms": s.hist.max() as f64 / 1000.0, "server_cpu_pct": self.server_cpu_pct, "rss_mb": self.rss_mb,
            "error_samples": s.error_samples})
    }
    fn p99_ms(&self) -> f64 {
        self.stats.lock().unwrap().hist.value_at_quantile(0.99) as f64 / 1000.0
    }
}

struct Api {
    http: reqwest::Client,
    bases: Vec<String>,
    next: AtomicU64,
}

impl Api {
    /// A server function call: JSON body for POST, query string for GET. Returns the JSON answer and the
    /// session cookie if the server set one; a non-2xx status is an error carrying the body.
    async fn call(
        &self,
        path: &str,
        cookie: &str,
        body: Option<Value>,
        query: &[(&str, String)],
    ) -> Result<(Value, Option<String>), String> {
        let base = &self.bases[self.next.fetch_add(1, Ordering::Relaxed) as usize % self.bases.len()];
        let url = format!("{base}{path}");
        let mut req = match body {
            Some(body) => self.http.post(url).json(&body),
            None => self.http.get(url).query(query),
        };
        if !cookie.is_empty() {
            req = req.header("cookie", cookie);
        }
        let resp = req.send().await.map_err(|e| format!("{path}: {e}"))?;
        let status = resp.status();
        let session = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("zj_session="))
            .map(|v| v.split(';').next().unwrap_or_default().to_string());
        let text = resp.text().await.map_err(|e| format!("{path}: {e}"))?;
        if !status.is_success() {
            return Err(format!("{path}: HTTP {status}: {}", text.chars().take(200).collect::<String>()));
        }
        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok((value, session))
    }

    async fn timed(
        &self,
        stats: &Shared,
        path: &str,
        cookie: &str,
        body: Option<Value>,
        query: &[(&str, String)],
    ) -> Result<Value, String> {
        let started = Instant::now();
        let outcome = self.call(path, cookie, body, query).await.map(|(v, _)| v);
        record(stats, started.elapsed(), &outcome);
        outcome
    }

    async fn sign_in(&self, username: &str, password: &str) -> Result<String, String> {
        let body = json!({"input": {"identifier": username, "password": password, "captcha": null}});
        let (_, cookie) = self.call("/api/auth/sign-in", "", Some(body), &[]).await?;
        cookie.ok_or_else(|| format!("{username}: no session cookie after sign-in"))
    }
}

/// (VmRSS, VmHWM) of the server processes in MB, summed.
fn rss_mb(pids: &[u32]) -> Option<(f64, f64)> {
    let each: Option<Vec<(f64, f64)>> = pids.iter().map(|&pid| rss_mb_of(pid)).collect();
    each.filter(|e| !e.is_empty()).map(|e| e.iter().fold((0.0, 0.0), |(a, b), (r, h)| (a + r, b + h)))
}

fn rss_mb_of(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// User + system CPU seconds of the server processes, summed.
fn cpu_secs(pids: &[u32]) -> Option<f64> {
    let each: Option<Vec<f64>> = pids.iter().map(|&pid| cpu_secs_of(pid)).collect();
    each.filter(|e| !e.is_empty()).map(|e| e.iter().sum())
}

/// Fields 14 and 15 of /proc/pid/stat, 100 ticks a second.
fn cpu_secs_of(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    Some((fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?) / 100.0)
}

/// Measures a phase's wall time and the server's CPU share during it.
struct PhaseClock {
    started: Instant,
    cpu: Option<f64>,
    pids: Vec<u32>,
}

impl PhaseClock {
    fn start(pids: &[u32]) -> Self {
        Self { started: Instant::now(), cpu: cpu_secs(pids), pids: pids.to_vec() }
    }
    fn finish(&self, phase: &str, target_rate: Option<u64>, stats: Shared) -> Row {
        let secs = self.started.elapsed().as_secs_f64();
        let cpu = match (self.cpu, cpu_secs(&self.pids)) {
            (Some(before), Some(after)) => Some(100.0 * (after - before) / secs),
            _ => None,
        };
        let rss = rss_mb(&self.pids).map(|(rss, _)| rss);
        let row = Row { phase: phase.into(), target_rate, secs, stats, server_cpu_pct: cpu, rss_mb: rss };
        print_row(&row);
        row
    }
}

fn print_header() {
    println!(
        "{:<26} {:>7} {:>7} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8} {:>9} {:>6} {:>7}",
        "phase", "ok", "errors", "skip", "secs", "rate/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "cpu%", "rss MB"
    );
}

fn print_row(row: &Row) {
    let s = row.stats.lock().unwrap();
    let ms = |q: f64| s.hist.value_at_quantile(q) as f64 / 1000.0;
    let opt = |v: Option<f64>| v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "-".into());
    println!(
        "{:<26} {:>7} {:>7} {:>6} {:>6.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>9.1} {:>6} {:>7}",
        row.phase,
        s.ok,
        s.errors,
        s.skipped,
        row.secs,
        s.ok as f64 / row.secs,
        ms(0.5),
        ms(0.95),
        ms(0.99),
        s.hist.max() as f64 / 1000.0,
        opt(row.server_cpu_pct),
        opt(row.rss_mb)
    );
    for e in &s.error_samples {
        println!("    error: {e}");
    }
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as i64
}

/// The k-th save of the whole run. Candidates take turns (k mod n), each moving one question on per turn,
/// so a (candidate, question) pair comes back every n·Q saves and its revision is simply how many times it
/// came up: increasing, starting at 1, without shared counters.
fn save_body(c: &Candidate, k: u64, n: u64) -> Value {
    let (round, index) = (k / n, k % n);
    let q = c.questions.len() as u64;
    let slot = ((round + index) % q) as usize;
    let (position, kind, options) = &c.questions[slot];
    let answer = match kind.as_str() {
        "Fill" => json!({"Text": format!("answer {k}")}),
        "Multiple" => json!({"Choices": (0..(*options).min(2)).collect::<Vec<u32>>()}),
        _ => json!({"Choices": [(k % u64::from((*options).max(1))) as u32]}),
    };
    json!({"attempt_id": c.attempt_id, "position": position, "answer": answer, "revision": round / q + 1})
}

/// Open-loop saves at `rate`/s for `secs`: requests leave on schedule whatever the latency (no coordinated
/// omission), in 10 ms batches because tokio's timer has 1 ms resolution.
async fn run_saves(
    api: &Arc<Api>,
    cands: &Arc<Vec<Candidate>>,
    seq: &Arc<AtomicU64>,
    args: &Args,
    phase: &str,
    rate: u64,
    secs: u64,
) -> Row {
    let stats = new_stats();
    let clock = PhaseClock::start(&args.server_pid);
    let slots = Arc::new(Semaphore::new(args.max_in_flight));
    let mut ticker = tokio::time::interval(Duration::from_millis(10));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let (per_tick, mut owed, n) = (rate as f64 / 100.0, 0.0, cands.len() as u64);
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        ticker.tick().await;
        owed += per_tick;
        while owed >= 1.0 {
            owed -= 1.0;
            let Ok(slot) = slots.clone().try_acquire_owned() else {
                stats.lock().unwrap().skipped += 1;
                continue;
            };
            let k = seq.fetch_add(1, Ordering::Relaxed);
            let (api, cands, stats) = (api.clone(), cands.clone(), stats.clone());
            tokio::spawn(async move {
                let c = &cands[(k % n) as usize];
                let outcome = api.timed(&stats, "/api/exams/save", &c.cookie, Some(save_body(c, k, n)), &[]).await;
                if matches!(&outcome, Ok(v) if v["stored"] == false) {
                    stats.lock().unwrap().not_stored += 1;
                }
                drop(slot);
            });
        }
    }
    let _all_back = slots.acquire_many(args.max_in_flight as u32).await;
    clock.finish(phase, Some(rate), stats)
}

fn sustainable(row: &Row, args: &Args) -> bool {
    let p99 = row.p99_ms();
    let s = row.stats.lock().unwrap();
    let achieved = s.ok as f64 / row.secs;
    s.errors == 0
        && s.skipped == 0
        && achieved >= 0.95 * row.target_rate.unwrap_or(0) as f64
        && p99 <= args.p99_limit_ms
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = Args::parse();
    let http = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(args.max_in_flight)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let bases = args.base_url.iter().map(|b| b.trim_end_matches('/').to_string()).collect();
    let api = Arc::new(Api { http, bases, next: AtomicU64::new(0) });
    let n = args.candidates;
    let mut rows = Vec::new();
    println!("loadgen: {n} candidates against {}", api.bases.join(", "));
    print_header();

    // 1. Set-up (not a target): sign everyone in, create the exam, confirm the agreement.
    let stats = new_stats();
    let clock = PhaseClock::start(&args.server_pid);
    let signed_in: Vec<Result<Candidate, String>> = stream::iter(1..=n)
        .map(|i| {
            let (api, stats, password) = (api.clone(), stats.clone(), args.password.clone());
            async move {
                let username = format!("bench_{i:05}");
                let started = Instant::now();
                let cookie = api.sign_in(&username, &password).await;
                record(&stats, started.elapsed(), &cookie.clone().map(Value::String));
                Ok(Candidate { username, cookie: cookie?, ..Default::default() })
            }
        })
        .buffer_unordered(args.setup_concurrency)
        .collect()
        .await;
    rows.push(clock.finish("set-up: sign-in", None, stats));
    // After thousands of Argon2id verifications (19 MiB each): what the allocator kept.
    let rss_after_sign_in = rss_mb(&args.server_pid);
    let cands: Vec<Candidate> = signed_in.into_iter().collect::<Result<_, _>>()?;

    let admin = api.sign_in(&args.admin_user, &args.admin_password).await?;
    // Release builds run on the system clock and refuse /dev/clock: then the local clock is the server's.
    let server_now = match api.call("/dev/clock", "", Some(json!({"advance_secs": 0})), &[]).await {
        Ok((v, _)) => v["now_ms"].as_i64().unwrap_or_else(now_ms),
        Err(_) => now_ms(),
    };
    let names: Vec<&str> = cands.iter().map(|c| c.username.as_str()).collect();
    let settings = json!({"title": format!("Bench {n}"), "kind": "formal", "start_ms": server_now - 60_000,
        "duration_min": 60, "single_count": 20, "multiple_count": 10, "fill_count": 10, "single_points": 2,
        "multiple_points": 4, "fill_points": 2, "pass_mark": 60, "max_attempts": 1, "waiting_room_min": 45,
        "late_entry_min": 30, "switch_limit": 3, "verify_limit": 10, "proctoring": false, "show_result": true,
        "candidates": names});
    let (exam, _) = api.call("/api/exam-admin/create-exam", &admin, Some(json!({"settings": settings})), &[]).await?;
    let exam_id = exam.as_i64().ok_or_else(|| format!("create-exam answered {exam}"))?;
    println!("exam {exam_id} created with {n} candidates");

    let stats = new_stats();
    let clock = PhaseClock::start(&args.server_pid);
    stream::iter(cands.iter())
        .for_each_concurrent(args.setup_concurrency, |c| {
            let body = json!({"exam_id": exam_id, "step": "agreement"});
            let (api, stats) = (api.clone(), stats.clone());
            async move {
                let _ = api.timed(&stats, "/api/exams/confirm-step", &c.cookie, Some(body), &[]).await;
            }
        })
        .await;
    rows.push(clock.finish("set-up: confirm", None, stats));

    // 2. Start: every candidate begins and loads the paper, spread evenly over the window.
    let (begin_stats, paper_stats, start_stats) = (new_stats(), new_stats(), new_stats());
    let clock = PhaseClock::start(&args.server_pid);
    let spacing = Duration::from_secs_f64(args.start_window_secs / n as f64);
    let t0 = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for (i, mut c) in cands.into_iter().enumerate() {
        let (api, begin_stats, paper_stats, start_stats) =
            (api.clone(), begin_stats.clone(), paper_stats.clone(), start_stats.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(t0 + spacing * i as u32).await;
            let started = Instant::now();
            let begin =
                api.timed(&begin_stats, "/api/exams/begin", &c.cookie, Some(json!({"exam_id": exam_id})), &[]).await;
            let paper = match begin.as_ref().map(|v| v.as_i64()) {
                Ok(Some(id)) => {
                    c.attempt_id = id;
                    api.timed(&paper_stats, "/api/exams/paper", &c.cookie, None, &[("attempt_id", id.to_string())])
                        .await
                }
                Ok(None) => Err(format!("begin answered {:?}", begin)),
                Err(e) => Err(e.clone()),
            };
            if let Ok(questions) = paper.as_ref().map(|p| p["questions"].as_array().cloned().unwrap_or_default()) {
                c.questions = questions
                    .iter()
                    .map(|q| {
                        let options = q["options"].as_array().map_or(0, |o| o.len() as u32);
                        (q["position"].as_i64().unwrap_or(0), q["kind"].as_str().unwrap_or("").to_string(), options)
                    })
                    .collect();
            }
            let ok = if c.questions.is_empty() { Err("no paper".to_string()) } else { Ok(Value::Null) };
            record(&start_stats, started.elapsed(), &ok);
            c
        }));
    }
    let mut started = Vec::with_capacity(n);
    for task in tasks {
        let c = task.await.map_err(|e| e.to_string())?;
        if !c.questions.is_empty() {
            started.push(c);
        }
    }
    rows.push(clock.finish("start: begin", None, begin_stats));
    rows.push(clock.finish("start: paper", None, paper_stats));
    rows.push(clock.finish("start: begin+paper", None, start_stats));
    let rss_after_start = rss_mb(&args.server_pid);
    println!("{} of {n} attempts started; server RSS {:?} MB (VmRSS, VmHWM)", started.len(), rss_after_start);
    if started.is_empty() {
        return Err("no attempt started".into());
    }
    let cands = Arc::new(started);
    let seq = Arc::new(AtomicU64::new(0));

    // 3. Saves at the target rate, then the step-up search for the highest sustainable rate.
    let main_row = run_saves(&api, &cands, &seq, &args, "saves", args.save_rate, args.save_secs).await;
    let main_ok = sustainable(&main_row, &args);
    rows.push(main_row);
    let rss_after_saves = rss_mb(&args.server_pid);
    let mut best = main_ok.then_some(args.save_rate);
    if args.step_max > 0 {
        let mut rate = if main_ok { args.step_start.max(args.save_rate + args.step_inc) } else { args.save_rate / 2 };
        while rate >= 100 && rate <= args.step_max {
            tokio::time::sleep(Duration::from_secs(2)).await; // let the previous step's requests settle
            let row = run_saves(&api, &cands, &seq, &args, &format!("step {rate}/s"), rate, args.step_secs).await;
            let ok = sustainable(&row, &args);
            rows.push(row);
            match (ok, main_ok) {
                (true, true) => best = Some(rate),
                (false, true) => break,
                // Below the target: halve until a rate holds.
                (true, false) => {
                    best = Some(rate);
                    break;
                }
                (false, false) => {}
            }
            rate = if main_ok { rate + args.step_inc } else { rate / 2 };
        }
    }

    // 4./5. RSS with every attempt active, then hand in (all or a sample).
    let handing_in: Vec<Candidate> =
        cands.iter().take(if args.hand_in == 0 { n } else { args.hand_in }).cloned().collect();
    let stats = new_stats();
    let clock = PhaseClock::start(&args.server_pid);
    stream::iter(handing_in.iter())
        .for_each_concurrent(32, |c| {
            let (api, stats) = (api.clone(), stats.clone());
            async move {
                let _ = api
                    .timed(&stats, "/api/exams/hand-in", &c.cookie, Some(json!({"attempt_id": c.attempt_id})), &[])
                    .await;
            }
        })
        .await;
    rows.push(clock.finish("hand-in", None, stats));
    let rss_after_hand_in = rss_mb(&args.server_pid);

    println!("\n== summary ({n} candidates, exam {exam_id}) ==");
    print_header();
    rows.iter().for_each(print_row);
    let begin_p99 = rows.iter().find(|r| r.phase == "start: begin").map(Row::p99_ms).unwrap_or(f64::NAN);
    println!("attempts started: {}/{n}   p99 begin: {begin_p99:.1} ms (target ≤ 500)", cands.len());
    println!(
        "saves at {}/s for {} s sustained (p99 ≤ {} ms, 0 errors): {}",
        args.save_rate, args.save_secs, args.p99_limit_ms, main_ok
    );
    println!("highest sustainable save rate tried: {}", best.map_or("none".into(), |r| format!("{r}/s")));
    println!(
        "server RSS MB (VmRSS, VmHWM) after sign-in: {rss_after_sign_in:?}, after start: {rss_after_start:?}, \
         after saves: {rss_after_saves:?}, after hand-in: {rss_after_hand_in:?}"
    );
    let goal = args.rss_goal_mb * args.server_pid.len().max(1) as f64;
    let readings = [rss_after_sign_in, rss_after_start, rss_after_saves, rss_after_hand_in];
    let worst = readings.iter().flatten().map(|(rss, _)| *rss).fold(0.0, f64::max);
    println!(
        "RSS goal ≤ {goal:.0} MB ({} process(es)): highest VmRSS {worst:.0} MB: {}",
        args.server_pid.len(),
        if worst <= goal { "met" } else { "MISSED" }
    );
    if let Some(path) = &args.json {
        let report = json!({"candidates": n, "exam_id": exam_id, "started": cands.len(),
            "saves_sustained": main_ok, "best_rate": best, "rss_after_start_mb": rss_after_start,
            "rss_after_saves_mb": rss_after_saves,
            "rss_after_sign_in_mb": rss_after_sign_in, "rss_after_hand_in_mb": rss_after_hand_in, "phases": rows.iter().map(Row::to_json).collect::<Vec<_>>()});
        std::fs::write(path, serde_json::to_string_pretty(&report).unwrap()).map_err(|e| e.to_string())?;
    }
    Ok(())
}
