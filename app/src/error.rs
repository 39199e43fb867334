//! The one error type that crosses the network. Each variant is a kind of answer the UI handles in its own
//! way; every message says what is wrong and what to do next, in Chinese and English. Internal causes are
//! logged on the server with the request id and never sent: the browser gets the id as a reference only.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::i18n::Lang;
use crate::rules::RuleError;

const IDENTITY_FIRST_ZH: &str = "请先完成实名认证";

/// A user-facing message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }
    pub fn of(rule_error: &impl RuleError) -> Self {
        Self { zh: rule_error.zh(), en: rule_error.en() }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A message attached to one form field (`field` is the input's name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub text: Text,
}

impl FieldError {
    pub fn new(field: &str, text: Text) -> Self {
        Self { field: field.to_string(), text }
    }
    pub fn rule(field: &str, rule_error: &impl RuleError) -> Self {
        Self::new(field, Text::of(rule_error))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Bad input: one message per field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A business rule refused the request; the text says which and what to do.
    #[error("refused: {}", .0.en)]
    Refused(Text),
    #[error("rate limited: {}", .text.en)]
    RateLimited { text: Text, retry_after_secs: i64 },
    /// Sign-in needs the image captcha (`wrong`: one was given and did not match).
    #[error("captcha required")]
    CaptchaRequired { wrong: bool },
    #[error("account locked for {minutes_left} min")]
    Locked { minutes_left: i64 },
    /// The password is too old: the user must set a new one before anything else.
    #[error("password expired")]
    PasswordExpired,
    #[error("internal error (reference {reference})")]
    Internal { reference: String },
    /// The database can't be reached for the moment (restarting, failing over, every connection busy):
    /// nothing was done, and the same request can simply be sent again.
    #[error("service unavailable")]
    Unavailable,
    /// The request did not reach the server or its answer could not be read.
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn field(field: &str, rule_error: &impl RuleError) -> Self {
        AppError::Invalid(vec![FieldError::rule(field, rule_error)])
    }

    pub fn invalid(field: &str, zh: &str, en: &str) -> Self {
        AppError::Invalid(vec![FieldError::new(field, Text::new(zh, en))])
    }

    pub fn refused(zh: &str, en: &str) -> Self {
        AppError::Refused(Text::new(zh, en))
    }

    /// "Verify your identity first, then …": the UI offers the way to /identity with it.
    pub fn identity_first(zh_then: &str, en_then: &str) -> Self {
        AppError::Refused(Text::new(
            format!("{IDENTITY_FIRST_ZH}，再{zh_then}"),
            format!("Verify your identity (实名认证) before {en_then}"),
        ))
    }

    /// A refusal that only verifying one's identity can lift.
    pub fn needs_identity(&self) -> bool {
        matches!(self, AppError::Refused(text) if text.zh.starts_with(IDENTITY_FIRST_ZH))
    }

    /// Messages for a given field, if this is a validation error.
    pub fn field_text(&self, field: &str) -> Option<&Text> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == field).map(|e| &e.text),
            _ => None,
        }
    }

    /// The message shown at the top of a form.
    pub fn text(&self) -> Text {
        match self {
            AppError::Invalid(_) => {
                Text::new("请按提示修改标红的内容后再提交", "Please correct the highlighted fields")
            }
            AppError::Unauthorized => Text::new("请先登录", "Please sign in first"),
            AppError::Forbidden => Text::new("您没有执行此操作的权限", "You are not allowed to do this"),
            AppError::NotFound => Text::new("未找到相关记录", "Not found"),
            AppError::Refused(text) | AppError::RateLimited { text, .. } => text.clone(),
            AppError::CaptchaRequired { wrong: false } => {
                Text::new("登录失败次数较多，请输入图片验证码", "Too many failed sign-ins: enter the image code")
            }
            AppError::CaptchaRequired { wrong: true } => {
                Text::new("图片验证码错误，请重新输入", "The image code is wrong: enter the new one")
            }
            AppError::Locked { minutes_left } => Text::new(
                format!("账号已锁定，请{minutes_left}分钟后再试，或通过“忘记密码”重置"),
                format!("The account is locked: try again in {minutes_left} min, or reset the password"),
            ),
            AppError::PasswordExpired => {
                Text::new("密码已过期，请先修改密码", "Your password has expired: please change it first")
            }
            AppError::Internal { reference } => Text::new(
                format!("服务器内部错误，请稍后重试（参考号 {reference}）"),
                format!("Server error, please try again later (reference {reference})"),
            ),
            AppError::Unavailable => Text::new(
                "系统繁忙或正在维护，请稍后重试，已填写的内容不会丢失",
                "The service is briefly unavailable: try again shortly, nothing you entered is lost",
            ),
            AppError::Transport(_) => {
                Text::new("网络连接失败，请检查网络后重试", "Network error: check your connection and retry")
            }
        }
    }

    /// Logs the cause with the request id and returns an error that shows only that id.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let reference = leptos::prelude::use_context::<RequestId>().map(|r| r.0).unwrap_or_else(|| "-".into());
        tracing::error!(request_id = %reference, error = %cause, "internal error");
        AppError::Internal { reference }
    }
}

/// The `x-request-id` of the request being served, put in context by the router.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// True when the error means the database can't be reached right now (rather than a refused query).
#[cfg(feature = "ssr")]
pub fn database_unreachable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        // SQLSTATE class 08 (connection exception) and 57P (operator intervention: shutdown, restart).
        sqlx::Error::Database(db) => db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Losing the database (a restart, a failover, no free connection in time) is `Unavailable`, which
    /// clients retry; anything else is a bug or a broken invariant, logged with the request id.
    fn from(err: sqlx::Error) -> Self {
        if database_unreachable(&err) {
            tracing::warn!(error = %err, "database unreachable");
            return AppError::Unavailable;
        }
        // SQLSTATE class 22 (data exception): a value the database can't store as given, such as NUL in
        // text, which the field rules let through. The input's fault, so the answer says so.
        if let sqlx::Error::Database(db) = &err {
            if db.code().is_some_and(|code| code.starts_with("22")) {
                tracing::warn!(error = %err, "value refused by the database");
                return AppError::refused(
                    "输入内容含有无法保存的字符或数值，请检查后重试",
                    "The input holds characters or numbers that can't be stored: check it and try again",
                );
            }
        }
        AppError::internal(err)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// Collects the field errors of a form, so all of them are reported at once.
#[derive(Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// Runs a rule; on failure records its message under `field` and returns `None`.
    pub fn check<T, E: RuleError>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.0.push(FieldError::rule(field, &err));
                None
            }
        }
    }
    pub fn add(&mut self, field: &str, text: Text) {
        self.0.push(FieldError::new(field, text));
    }
    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}
