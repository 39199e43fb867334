//! Server-only services: database, clock, password hashing, sessions, SMS. Server functions reach them
//! through the one [`AppState`] put in Leptos context by the server's router.
pub mod clock;
pub mod csv_rows;
pub mod db;
pub mod face_match;
pub mod hashing;
pub mod limits;
pub mod pdf;
pub mod sessions;
pub mod sms;
pub mod storage;
pub mod uploads;

use std::sync::Arc;

use crate::config::Settings;
use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::AnyPool,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn clock::Clock>,
    pub hasher: hashing::PasswordHasher,
    /// The SMS outbox and its gateway (a message commits with the change it tells about).
    pub sms: Arc<sms::Sms>,
    pub files: storage::FileStore,
    /// Parsed once: the face detector model is 1.2 MB.
    pub faces: Arc<crate::identity::photo::FaceDetector>,
    /// Loaded at the first comparison (the models take ~0.5 s to parse and tests rarely need them).
    pub face_matcher: Arc<tokio::sync::OnceCell<Option<Arc<face_match::FaceMatcher>>>>,
    /// Face detections at once (each candidate in the identity step sends a frame every 1.5 s): bounded
    /// by the cores, as the password hashing is, so a crowd waits instead of swamping the blocking pool.
    pub face_detections: Arc<tokio::sync::Semaphore>,
    /// The certificates' CJK font (5 MB), read from disk at the first certificate.
    pub certificate_font: Arc<tokio::sync::OnceCell<Arc<Vec<u8>>>>,
    /// Exam registration fees; `sandbox` is the same provider when it is the built-in one (its pay page).
    pub payments: Arc<dyn crate::registration::ssr::payments::PaymentProvider>,
    pub sandbox: Option<crate::registration::ssr::payments::sandbox::SandboxProvider>,
    /// Group commit of answer saves, started by the first save (it needs the async runtime).
    pub answers: Arc<std::sync::OnceLock<crate::exams::ssr::answer_writer::AnswerWriter>>,
    /// Each attempt's owner and question kinds, for saves without a lookup (`paper_shapes`).
    pub paper_shapes: crate::exams::ssr::paper_shapes::PaperShapes,
}

impl AppState {
    pub fn new(db: sqlx::AnyPool, settings: Settings, clock: Arc<dyn clock::Clock>) -> Result<Self, AppError> {
        let hasher = hashing::PasswordHasher::new(settings.accounts.hash_concurrency);
        let sms = Arc::new(sms::Sms::new(db.clone(), Arc::new(sms::OutboxOnly)));
        let files = storage::FileStore::from_settings(&settings.storage)?;
        let faces = Arc::new(crate::identity::photo::FaceDetector::embedded());
        let face_matcher = Arc::new(tokio::sync::OnceCell::new());
        if settings.payments.provider != "sandbox" {
            return Err(AppError::internal(format!("unknown payment provider {:?}", settings.payments.provider)));
        }
        let sandbox = crate::registration::ssr::payments::sandbox::SandboxProvider::new(
            db.clone(),
            &settings.payments.sandbox_secret,
        );
        Ok(Self {
            db,
            settings: Arc::new(settings),
            clock,
            hasher,
            sms,
            files,
            faces,
            face_matcher,
            face_detections: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            )),
            certificate_font: Arc::new(tokio::sync::OnceCell::new()),
            payments: Arc::new(sandbox.clone()),
            sandbox: Some(sandbox),
            answers: Arc::default(),
            paper_shapes: Default::default(),
        })
    }

    /// The face comparison model, when this build and configuration have one.
    pub async fn face_matcher(&self) -> Option<Arc<face_match::FaceMatcher>> {
        let dir = self.settings.exams.face_models_dir.clone();
        let load = || async move { tokio::task::spawn_blocking(move || face_match::load(&dir)).await.ok().flatten() };
        self.face_matcher.get_or_init(load).await.clone()
    }

    pub fn answer_writer(&self) -> &crate::exams::ssr::answer_writer::AnswerWriter {
        self.answers.get_or_init(|| {
            let exams = &self.settings.exams;
            let backend = db::Backend::of_url(self.db.connect_options().database_url.as_str());
            // Each writer keeps a connection of its own: never more than a quarter of the pool, so that
            // the requests' reads always find connections (a test pool of 4 gets one writer).
            let pool_share = (self.db.options().get_max_connections() as usize / 4).max(1);
            let writers = match (exams.save_writers, backend) {
                (0, db::Backend::Sqlite) => 1,
                (0, db::Backend::Postgres) => 4,
                (n, _) => n,
            }
            .min(pool_share);
            let window = std::time::Duration::from_millis(exams.save_batch_window_ms);
            crate::exams::ssr::answer_writer::AnswerWriter::start(
                self.db.clone(),
                writers,
                window,
                exams.save_batch_max,
            )
        })
    }

    /// Where the payment provider posts its notifications.
    pub fn payment_notify_url(&self) -> String {
        let base = match self.settings.payments.notify_base_url.trim_end_matches('/') {
            "" => format!("http://{}", self.settings.server.bind.replace("0.0.0.0", "127.0.0.1")),
            base => base.to_string(),
        };
        format!("{base}/api/payments/notify/{}", self.payments.name())
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// The state of the running server, from the Leptos context the router provides to every server function.
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// Text for a server-rendered HTML page (the dev outbox, the sandbox's pay page, the development
/// sign-on provider's page).
pub fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
