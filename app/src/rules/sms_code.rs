//! The 6-digit codes sent by SMS. Only the shape is checked here; whether the code is right, fresh and
//! unused is decided by the server against the stored code.
use super::to_half_width;

pub const SMS_CODE_DIGITS: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmsCodeError {
    Empty,
    BadFormat,
}

impl SmsCodeError {
    pub fn zh(&self) -> String {
        match self {
            SmsCodeError::Empty => "请填写短信验证码".into(),
            SmsCodeError::BadFormat => format!("短信验证码为{SMS_CODE_DIGITS}位数字，请核对短信后重新输入"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            SmsCodeError::Empty => "Enter the code sent by SMS".into(),
            SmsCodeError::BadFormat => {
                format!("The SMS code has {SMS_CODE_DIGITS} digits: check the message and enter it again")
            }
        }
    }
}

/// Checks an SMS code and returns its 6 ASCII digits (surrounding spaces dropped, full-width digits
/// from a Chinese input method accepted).
pub fn check_sms_code(raw: &str) -> Result<String, SmsCodeError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(SmsCodeError::Empty);
    }
    let code: String = trimmed.chars().take(SMS_CODE_DIGITS + 1).map(to_half_width).collect();
    if code.len() == SMS_CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(SmsCodeError::BadFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_codes() {
        let cases =
            [("123456", "123456"), (" 000000 ", "000000"), ("９８７６５４", "987654"), ("\u{3000}123456", "123456")];
        for (raw, expected) in cases {
            assert_eq!(check_sms_code(raw).as_deref(), Ok(expected), "{raw:?}");
        }
    }

    #[test]
    fn bad_codes() {
        let long = "1".repeat(10_000);
        let cases = [
            ("", SmsCodeError::Empty),
            ("  ", SmsCodeError::Empty),
            ("12345", SmsCodeError::BadFormat),
            ("1234567", SmsCodeError::BadFormat),
            ("12ab56", SmsCodeError::BadFormat),
            ("123 456", SmsCodeError::BadFormat),
            ("' OR 1=1 --", SmsCodeError::BadFormat),
            ("一二三四五六", SmsCodeError::BadFormat),
            ("١٢٣٤٥٦", SmsCodeError::BadFormat), // Arabic-Indic digits are digits, but not ASCII ones
            (long.as_str(), SmsCodeError::BadFormat),
        ];
        for (raw, expected) in cases {
            assert_eq!(check_sms_code(raw), Err(expected), "{raw:?}");
        }
    }
}
