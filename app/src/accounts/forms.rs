//! Whole-form validation shared by the browser (before sending) and the server (before writing).
//! Each field goes through its rule in `crate::rules`; all problems are reported together.
use crate::accounts::types::RegisterInput;
use crate::error::{AppError, Problems, Text};
use crate::rules::{
    check_confirmation, check_id_for_type, check_name, check_password, check_sms_code, check_username, normalize_phone,
    username_key, IdType, PasswordContext, PasswordProfile,
};

/// A registration that passed every field rule, normalized as it will be stored.
#[derive(Clone, Debug)]
pub struct ValidRegistration {
    pub real_name: String,
    pub id_type: IdType,
    pub id_number: String,
    pub phone: String,
    pub sms_code: String,
    pub username: String,
    pub username_key: String,
    pub password: String,
    pub security: Option<(String, String)>,
}

pub const SECURITY_TEXT_MAX: usize = 50;

pub fn validate_registration(
    input: &RegisterInput,
    profile: PasswordProfile,
    today: (i32, u32, u32),
) -> Result<ValidRegistration, AppError> {
    let mut problems = Problems::default();
    let real_name = problems.check("real_name", check_name(&input.real_name));
    let id_type = IdType::parse(&input.id_type);
    if id_type.is_none() {
        problems.add("id_type", Text::new("请选择证件类型", "Choose an ID type"));
    }
    let id_number = id_type.and_then(|t| problems.check("id_number", check_id_for_type(t, &input.id_number, today)));
    let phone = problems.check("phone", normalize_phone(&input.phone));
    let sms_code = problems.check("sms_code", check_sms_code(&input.sms_code));
    let username = problems.check("username", check_username(&input.username));
    let context = PasswordContext { username: input.username.trim(), id_number: id_number.as_deref().unwrap_or("") };
    problems.check("password", check_password(profile, &input.password, &context));
    problems.check("password_again", check_confirmation(&input.password, &input.password_again));
    let security = validate_security_question(&mut problems, &input.security_question, &input.security_answer);
    if !input.accept_policies {
        problems.add(
            "accept_policies",
            Text::new(
                "请阅读并同意《用户服务协议》和《隐私政策》",
                "Read and accept the user service agreement and the privacy policy",
            ),
        );
    }
    problems.into_result()?;
    // Every Option is Some once there are no problems.
    let (Some(real_name), Some(id_type), Some(id_number), Some(phone), Some(sms_code), Some(username)) =
        (real_name, id_type, id_number, phone, sms_code, username)
    else {
        return Err(AppError::invalid("form", "表单不完整", "The form is incomplete"));
    };
    Ok(ValidRegistration {
        real_name,
        id_type,
        id_number,
        phone,
        sms_code,
        username_key: username_key(&username),
        username,
        password: input.password.clone(),
        security,
    })
}

/// Optional question; a question needs an answer. Answers are compared trimmed and case-folded.
fn validate_security_question(problems: &mut Problems, question: &str, answer: &str) -> Option<(String, String)> {
    let (question, answer) = (question.trim(), normalize_security_answer(answer));
    if question.is_empty() {
        return None;
    }
    if question.chars().count() > SECURITY_TEXT_MAX {
        problems.add(
            "security_question",
            Text::new("密保问题不能超过50个字", "The question may have at most 50 characters"),
        );
        return None;
    }
    if answer.chars().count() < 2 || answer.chars().count() > SECURITY_TEXT_MAX {
        problems
            .add("security_answer", Text::new("请填写2至50个字的密保答案", "Enter an answer of 2 to 50 characters"));
        return None;
    }
    Some((question.to_string(), answer))
}

pub fn normalize_security_answer(answer: &str) -> String {
    answer.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Today's date in China (UTC+8) from a Unix time in milliseconds: birth dates are China dates.
pub fn today_in_china(now_ms: i64) -> (i32, u32, u32) {
    let days = (now_ms + 8 * 3_600_000).div_euclid(86_400_000);
    civil_from_days(days)
}

/// "2026-11-23 18:05" in China time, for lists of events.
pub fn china_datetime(ms: i64) -> String {
    let shifted = ms + 8 * 3_600_000;
    let (year, month, day) = civil_from_days(shifted.div_euclid(86_400_000));
    let minutes = shifted.rem_euclid(86_400_000) / 60_000;
    format!("{year}-{month:02}-{day:02} {:02}:{:02}", minutes / 60, minutes % 60)
}

/// Days since 1970-01-01 → (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + if month <= 2 { 1 } else { 0 }) as i32;
    (year, month, day)
}

/// The local clock, for live checks in the browser (the server decides with its own clock).
pub fn browser_today() -> (i32, u32, u32) {
    #[cfg(feature = "csr")]
    let now_ms = js_sys::Date::now() as i64;
    #[cfg(not(feature = "csr"))]
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    today_in_china(now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_date_from_unix_time() {
        assert_eq!(today_in_china(0), (1970, 1, 1));
        // 2026-11-23T16:30:00Z is already the 24th in Beijing.
        assert_eq!(today_in_china(1_795_451_400_000), (2026, 11, 24));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(china_datetime(1_795_451_400_000), "2026-11-24 00:30");
    }
}
