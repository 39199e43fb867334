//! `zhuanjia`: loads the configuration, opens and migrates the database, seeds demo data on a new
//! database when asked, and serves the app until Ctrl-C.
use std::sync::Arc;
use std::time::Duration;

use app::config::Settings;
use app::platform::clock::{Clock, OffsetClock, SystemClock};
use app::platform::{db, sessions::DbSessionStore, AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let config_path = std::env::var("ZJ_CONFIG").unwrap_or_else(|_| "zhuanjia.toml".into());
    let settings = Settings::load(&config_path)?;
    let pool = db::connect(&settings.database).await?;
    let state = AppState::new(pool, settings.clone(), clock(&settings)).map_err(|e| format!("start-up: {e}"))?;
    // Reference data from packages: the GB/T 2260 regions, once, into an empty database.
    let regions_dir = &settings.reference.regions_dir;
    match app::applications::ssr::reference::import_regions_if_empty(&state, regions_dir).await {
        Ok(0) if regions_dir.is_empty() => tracing::warn!("no regions_dir configured: the residence selector is empty"),
        Ok(0) => {}
        Ok(imported) => tracing::info!(imported, "regions imported"),
        Err(e) => return Err(format!("regions: {e}").into()),
    }
    if settings.server.demo_data {
        let created = app::accounts::ssr::demo::seed_if_empty(&state).await.map_err(|e| format!("demo data: {e}"))?;
        if created > 0 {
            tracing::info!(created, "demo accounts created (see README)");
        }
    }
    spawn_housekeeping(&state);
    spawn_deadline_task(&state);
    spawn_reconciliation(&state);
    app::exams::ssr::snapshot_checks::spawn_workers(&state);
    app::platform::sms::spawn_sender(&state);
    if !settings.server.dev_mode
        && settings.payments.sandbox_secret == app::config::PaymentSettings::default().sandbox_secret
    {
        tracing::warn!(
            "payments.sandbox_secret is the development default: set your own (ZJ_PAYMENTS__SANDBOX_SECRET)"
        );
    }

    let listener = tokio::net::TcpListener::bind(&settings.server.bind).await?;
    tracing::info!(address = %settings.server.bind, database = %db::Backend::of_url(&settings.database.url).name(), "serving");
    let app = server::router::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

/// The system clock; debug builds in development mode get one that `/dev/clock` can move.
fn clock(settings: &Settings) -> Arc<dyn Clock> {
    if cfg!(debug_assertions) && settings.server.dev_mode {
        Arc::new(OffsetClock::default())
    } else {
        Arc::new(SystemClock)
    }
}

/// Submits attempts whose time is up, every second. Each submission is a conditional update, so every
/// instance may run this at once, and after a restart it catches up with what was missed.
fn spawn_deadline_task(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        for tick in 0u64.. {
            every.tick().await;
            match app::exams::ssr::grade::submit_overdue(&state).await {
                Ok(0) => {}
                Ok(submitted) => tracing::info!(submitted, "attempts submitted at their deadline"),
                Err(err) => tracing::warn!(error = %err, "deadline task failed; retrying"),
            }
            match app::exams::ssr::notices::remind_due(&state).await {
                Ok(0) => {}
                Ok(reminded) => tracing::info!(reminded, "exam reminders sent"),
                Err(err) => tracing::warn!(error = %err, "exam reminders failed; retrying"),
            }
            match app::exams::ssr::results::publish_due(&state).await {
                Ok(0) => {}
                Ok(published) => tracing::info!(published, "exam results published"),
                Err(err) => tracing::warn!(error = %err, "publishing exam results failed; retrying"),
            }
            // Every 5 s: applications whose exam has decided them.
            if tick % 5 == 0 {
                match app::applications::ssr::admission::settle(&state).await {
                    Ok(0) => {}
                    Ok(decided) => tracing::info!(decided, "applications decided by their exam"),
                    Err(err) => tracing::warn!(error = %err, "deciding applications by their exam failed; retrying"),
                }
            }
            // At start-up and every half minute: attempts a crash left submitted but ungraded.
            if tick % 30 == 0 {
                match app::exams::ssr::grade::finish_ungraded(&state).await {
                    Ok(0) => {}
                    Ok(graded) => tracing::info!(graded, "attempts left ungraded by a crash now graded"),
                    Err(err) => tracing::warn!(error = %err, "grading left-over attempts failed; retrying"),
                }
            }
        }
    });
}

/// Asks the payment provider about unpaid orders ("paid at the bank but shown unpaid", seed 001 question
/// 19). Applying a payment is idempotent, so every instance may run this at once.
fn spawn_reconciliation(state: &AppState) {
    let state = state.clone();
    let payments = state.settings.payments.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(payments.reconcile_every_secs.max(1)));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match app::registration::ssr::payments::orders::reconcile(&state, payments.reconcile_after_secs * 1000)
                .await
            {
                Ok(report) if report.recovered + report.closed + report.refunded > 0 => {
                    tracing::info!(?report, "payment reconciliation")
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "payment reconciliation failed; retrying"),
            }
        }
    });
}

fn spawn_housekeeping(state: &AppState) {
    let store = DbSessionStore::new(state.db.clone());
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(err) = app::platform::limits::forget_old(&state).await {
                tracing::warn!(error = %err, "old rate-limit counts cleanup failed");
            }
            if let Err(err) = store.delete_expired(state.now_ms()).await {
                tracing::warn!(error = %err, "expired session cleanup failed");
            }
            match app::platform::uploads::remove_unused(&state).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "uploads unused for a day removed"),
                Err(err) => tracing::warn!(error = %err, "unused upload cleanup failed"),
            }
        }
    });
}

/// Ctrl-C, or SIGTERM from systemd or a container runtime: stop taking connections, answer the requests
/// in flight, then return (background tasks end with the runtime; a snapshot check they leave half done
/// is taken again by the next server after its stale time).
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "no SIGTERM handler; only Ctrl-C stops the server cleanly");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down: answering the requests in flight");
}
