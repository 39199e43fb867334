//! SMS codes (SPEC §2): one per phone per [60] s, at most [10] a day, valid [5] minutes, single use, and
//! void after [5] wrong entries so that six digits can't be guessed.
use rand::Rng;

use crate::accounts::types::{CodePurpose, CodeSent};
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::mask_phone;

const DAY_MS: i64 = 86_400_000;

/// Sends a new code to an already-normalized phone number. The caller has checked that the purpose
/// allows this phone (registered or not).
pub async fn send_code(state: &AppState, phone: &str, purpose: CodePurpose) -> Result<CodeSent, AppError> {
    let rules = &state.settings.sms;
    let now = state.now_ms();
    let (last_ms, sent_today): (Option<i64>, i64) =
        sqlx::query_as("SELECT MAX(created_ms), COUNT(*) FROM sms_codes WHERE phone = $1 AND created_ms > $2")
            .bind(phone)
            .bind(now - DAY_MS)
            .fetch_one(&state.db)
            .await?;
    if let Some(last_ms) = last_ms {
        let wait_secs = rules.resend_interval_secs - (now - last_ms) / 1000;
        if wait_secs > 0 {
            return Err(too_soon(state, phone, last_ms, purpose, wait_secs).await?);
        }
    }
    if sent_today >= rules.daily_limit {
        return Err(AppError::RateLimited {
            text: crate::error::Text::new(
                format!("该手机号24小时内已获取{}次验证码，请明天再试", rules.daily_limit),
                format!("This phone has received {} codes in 24 hours: try again tomorrow", rules.daily_limit),
            ),
            retry_after_secs: DAY_MS / 1000,
        });
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    sqlx::query("INSERT INTO sms_codes (phone, purpose, code, created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5)")
        .bind(phone)
        .bind(purpose.as_str())
        .bind(&code)
        .bind(now)
        .bind(now + rules.code_ttl_secs * 1000)
        .execute(&state.db)
        .await?;
    let minutes = rules.code_ttl_secs / 60;
    let body = format!(
        "【专家服务平台】您正在{}，验证码 {code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。",
        purpose.zh_action()
    );
    state.sms.send(phone, &body, now).await?;
    Ok(CodeSent { phone_masked: mask_phone(phone), resend_after_secs: rules.resend_interval_secs })
}

/// The one-code-per-interval rule counts every code to the phone: the message says which code was
/// sent, so nobody is told "a code was sent" for a code they never asked for.
async fn too_soon(
    state: &AppState,
    phone: &str,
    last_ms: i64,
    asked: CodePurpose,
    wait_secs: i64,
) -> Result<AppError, AppError> {
    let last_purpose: Option<String> =
        sqlx::query_scalar("SELECT purpose FROM sms_codes WHERE phone = $1 AND created_ms = $2 LIMIT 1")
            .bind(phone)
            .bind(last_ms)
            .fetch_optional(&state.db)
            .await?;
    let text = match last_purpose.as_deref().and_then(CodePurpose::parse) {
        Some(sent) if sent != asked => crate::error::Text::new(
            format!(
                "本手机号刚刚收到{}的验证码，同一手机号每{}秒只能获取一次，请{wait_secs}秒后再获取",
                sent.zh_action(),
                state.settings.sms.resend_interval_secs
            ),
            format!(
                "This phone was just sent a code for {}; one code per {} s: ask again in {wait_secs} s",
                sent.en_action(),
                state.settings.sms.resend_interval_secs
            ),
        ),
        _ => crate::error::Text::new(
            format!("验证码已发送，请{wait_secs}秒后再获取"),
            format!("A code was just sent: you can ask for another in {wait_secs} s"),
        ),
    };
    Ok(AppError::RateLimited { text, retry_after_secs: wait_secs })
}

fn wrong_code() -> AppError {
    AppError::invalid("sms_code", "验证码错误，请核对短信中的验证码", "The SMS code is wrong: check the message")
}

/// Checks the newest live code for this phone and purpose; returns its id, to be marked used in the
/// same transaction as the change it authorizes. A wrong entry counts against the code.
pub async fn check_code(state: &AppState, phone: &str, purpose: CodePurpose, code: &str) -> Result<i64, AppError> {
    let now = state.now_ms();
    let newest: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, code FROM sms_codes \
         WHERE phone = $1 AND purpose = $2 AND used_ms IS NULL ORDER BY created_ms DESC, id DESC LIMIT 1",
    )
    .bind(phone)
    .bind(purpose.as_str())
    .fetch_optional(&state.db)
    .await?;
    let Some((id, expected)) = newest else {
        let used_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sms_codes WHERE phone = $1 AND purpose = $2")
            .bind(phone)
            .bind(purpose.as_str())
            .fetch_one(&state.db)
            .await?;
        return Err(if used_before > 0 {
            AppError::invalid(
                "sms_code",
                "验证码已使用或已过期，请重新获取",
                "This code was already used or has expired: ask for a new one",
            )
        } else {
            AppError::invalid("sms_code", "请先获取短信验证码", "Ask for an SMS code first")
        });
    };
    // The entry is counted before it is compared, in one conditional statement: a burst of guesses
    // gets at most [5] compared, however many arrive at once. A right code gives its count back.
    let reserved = sqlx::query(
        "UPDATE sms_codes SET attempts = attempts + 1 \
         WHERE id = $1 AND used_ms IS NULL AND expires_ms > $2 AND attempts < $3",
    )
    .bind(id)
    .bind(now)
    .bind(state.settings.sms.max_attempts)
    .execute(&state.db)
    .await?;
    if reserved.rows_affected() != 1 {
        return Err(AppError::invalid(
            "sms_code",
            "验证码已失效，请重新获取",
            "The code has expired or was entered wrongly too often: ask for a new one",
        ));
    }
    if expected != code.trim() {
        return Err(wrong_code());
    }
    sqlx::query("UPDATE sms_codes SET attempts = attempts - 1 WHERE id = $1").bind(id).execute(&state.db).await?;
    Ok(id)
}

/// Marks a checked code used; fails if it was used meanwhile (two tabs submitting the same code).
pub async fn mark_used<'c, E>(executor: E, code_id: i64, now_ms: i64) -> Result<(), AppError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let done = sqlx::query("UPDATE sms_codes SET used_ms = $1 WHERE id = $2 AND used_ms IS NULL")
        .bind(now_ms)
        .bind(code_id)
        .execute(executor)
        .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::invalid("sms_code", "验证码已使用，请重新获取", "This code was already used: ask for a new one"))
    }
}

/// Check and consume in one step, for flows with no other write to tie it to.
pub async fn consume_code(state: &AppState, phone: &str, purpose: CodePurpose, code: &str) -> Result<(), AppError> {
    let id = check_code(state, phone, purpose, code).await?;
    mark_used(&state.db, id, state.now_ms()).await
}
