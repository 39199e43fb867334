//! The image captcha required after repeated sign-in failures. The answer stays in the server-side
//! session and is good for one try.
use base64::Engine;
use tower_sessions::Session;

use crate::accounts::ssr::sign_in::Captcha;
use crate::error::AppError;
use crate::platform::sessions::session_error;

const CAPTCHA_KEY: &str = "captcha";

/// Draws a new captcha, remembers its answer in the session, and returns a `data:` URL of the PNG.
pub async fn issue(session: &Session) -> Result<String, AppError> {
    let (answer, png) = tokio::task::spawn_blocking(|| {
        let mut image = captcha::Captcha::new();
        image.add_chars(5).apply_filter(captcha::filters::Noise::new(0.2)).view(200, 70);
        (image.chars_as_string(), image.as_png())
    })
    .await
    .map_err(AppError::internal)?;
    let png = png.ok_or_else(|| AppError::internal("captcha PNG encoding failed"))?;
    session.insert(CAPTCHA_KEY, answer.to_lowercase()).await.map_err(session_error)?;
    Ok(format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png)))
}

/// Compares the given answer with the session's, case-insensitively, and forgets it either way.
pub async fn check(session: &Session, given: Option<&str>) -> Result<Captcha, AppError> {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else { return Ok(Captcha::NotGiven) };
    let expected: Option<String> = session.remove(CAPTCHA_KEY).await.map_err(session_error)?;
    Ok(match expected {
        Some(expected) if expected == given.to_lowercase() => Captcha::Right,
        _ => Captcha::Wrong,
    })
}

/// Test support: the answer currently expected (development mode only exposes it).
pub async fn peek(session: &Session) -> Result<Option<String>, AppError> {
    session.get(CAPTCHA_KEY).await.map_err(session_error)
}
