//! Server-only services: database, clock, password hashing, sessions, SMS. Server functions reach them
//! through the one [`AppState`] put in Leptos context by the server's router.
pub mod clock;
pub mod db;
pub mod face_match;
pub mod hashing;
pub mod limits;
pub mod pdf;
pub mod sessions;
pub mod sms;
pub mod storage;

use std::sync::Arc;

use crate::config::Settings;
use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::AnyPool,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn clock::Clock>,
    pub hasher: hashing::PasswordHasher,
    pub sms: Arc<dyn sms::SmsProvider>,
    pub files: storage::FileStore,
    /// Parsed once: the face detector model is 1.2 MB.
    pub faces: Arc<crate::identity::photo::FaceDetector>,
    pub ip_limits: Arc<limits::IpLimits>,
}

impl AppState {
    pub fn new(db: sqlx::AnyPool, settings: Settings, clock: Arc<dyn clock::Clock>) -> Result<Self, AppError> {
        let hasher = hashing::PasswordHasher::new(settings.accounts.hash_concurrency);
        let sms = Arc::new(sms::OutboxProvider::new(db.clone()));
        let files = storage::FileStore::from_settings(&settings.storage)?;
        let faces = Arc::new(crate::identity::photo::FaceDetector::embedded());
        let ip_limits = Arc::new(limits::IpLimits::new(&settings));
        Ok(Self { db, settings: Arc::new(settings), clock, hasher, sms, files, faces, ip_limits })
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// The state of the running server, from the Leptos context the router provides to every server function.
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
