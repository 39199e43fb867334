//! Phone numbers. Mobiles are stored as the bare 11-digit national number, so the same phone typed as
//! `138 0013 8000`, `138-0013-8000` or `+86 13800138000` is one phone for the uniqueness rule and for
//! sign-in by phone. Landlines (organization contacts) are `区号-号码` with an optional extension.
use super::to_half_width;

/// Longer than any accepted spelling (`0086` + 11 digits, or `0755-12345678-123456`): the rest of an
/// over-long input is never read, so nothing costs more than this.
const MAX_SIGNIFICANT_CHARS: usize = 24;
/// Country prefixes of mainland China, stripped when exactly a national mobile number follows.
const COUNTRY_PREFIXES: [&str; 3] = ["+86", "0086", "86"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// Not a mainland mobile number (11 digits, `1[3-9]…`).
    BadFormat,
    /// Not `区号-号码[-分机]`.
    BadLandline,
}

impl PhoneError {
    pub fn zh(&self) -> String {
        match self {
            PhoneError::Empty => "请填写电话号码".into(),
            PhoneError::BadFormat => "手机号码应为以1开头的11位数字（如13800138000），请核对".into(),
            PhoneError::BadLandline => {
                "固定电话请按“区号-号码”填写，如010-12345678或0755-1234567-123（分机号可选）".into()
            }
        }
    }

    pub fn en(&self) -> String {
        match self {
            PhoneError::Empty => "Enter the phone number".into(),
            PhoneError::BadFormat => {
                "A mobile number has 11 digits starting with 1 (e.g. 13800138000): please check it".into()
            }
            PhoneError::BadLandline => {
                "Write a landline as area code-number, e.g. 010-12345678 or 0755-1234567-123 (extension optional)"
                    .into()
            }
        }
    }
}

/// Checks a mainland mobile number and returns its 11 digits. Spaces and hyphens are ignored, and so
/// is a leading `+86`, `0086` or `86` in front of 11 digits. Full-width digits are accepted.
pub fn normalize_phone(raw: &str) -> Result<String, PhoneError> {
    let compact: String = raw
        .chars()
        .map(to_half_width)
        .filter(|&c| !c.is_whitespace() && c != '-')
        .take(MAX_SIGNIFICANT_CHARS)
        .collect();
    if compact.is_empty() {
        return Err(PhoneError::Empty);
    }
    let national = COUNTRY_PREFIXES
        .iter()
        .find_map(|prefix| compact.strip_prefix(prefix).filter(|rest| rest.len() == 11))
        .unwrap_or(&compact);
    if is_mainland_mobile(national) {
        Ok(national.to_string())
    } else {
        Err(PhoneError::BadFormat)
    }
}

/// `1[3-9]\d{9}`: every mainland mobile range starts with 13–19.
fn is_mainland_mobile(number: &str) -> bool {
    let bytes = number.as_bytes();
    bytes.len() == 11 && bytes.iter().all(u8::is_ascii_digit) && bytes[0] == b'1' && bytes[1] >= b'3'
}

/// For display: `138****5678` (first 3, last 4). Shorter values are hidden completely.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let mut masked: String = chars[..3].iter().collect();
    masked.extend(std::iter::repeat_n('*', chars.len() - 7));
    masked.extend(&chars[chars.len() - 4..]);
    masked
}

/// Checks a landline `区号-号码[-分机]`: area code of 3–4 digits starting with 0, a 7–8 digit number, an
/// optional 1–6 digit extension. Spaces are ignored; returns the compact form, e.g. `0755-12345678-123`.
pub fn check_landline(raw: &str) -> Result<String, PhoneError> {
    let compact: String =
        raw.chars().map(to_half_width).filter(|c| !c.is_whitespace()).take(MAX_SIGNIFICANT_CHARS).collect();
    if compact.is_empty() {
        return Err(PhoneError::Empty);
    }
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let parts: Vec<&str> = compact.split('-').collect();
    let well_formed = match parts.as_slice() {
        [area, number, extension @ ..] => {
            area.starts_with('0')
                && digits(area, 3..=4)
                && digits(number, 7..=8)
                && extension.len() <= 1
                && extension.iter().all(|ext| digits(ext, 1..=6))
        }
        _ => false,
    };
    if well_formed {
        Ok(compact)
    } else {
        Err(PhoneError::BadLandline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_spellings_normalize_to_one_number() {
        let cases = [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 13800138000",
            "+86 138-0013-8000",
            "+8613800138000",
            "0086 138 0013 8000",
            "8613800138000",
            " 13800138000\t",
            "１３８００１３８０００",
            "\u{3000}138\u{3000}0013\u{3000}8000",
        ];
        for raw in cases {
            assert_eq!(normalize_phone(raw).as_deref(), Ok("13800138000"), "{raw:?}");
        }
        assert_eq!(normalize_phone("138 0013 8000"), normalize_phone("+86 13800138000"));
        assert_eq!(normalize_phone("19912345678").as_deref(), Ok("19912345678"));
    }

    #[test]
    fn bad_mobiles() {
        let long = "1".repeat(10_000);
        let wide = "字".repeat(10_000);
        let cases = [
            ("", PhoneError::Empty),
            (" \u{3000} - ", PhoneError::Empty),
            ("1380013800", PhoneError::BadFormat),
            ("138001380001", PhoneError::BadFormat),
            ("12800138000", PhoneError::BadFormat),
            ("23800138000", PhoneError::BadFormat),
            ("861380013800", PhoneError::BadFormat),
            ("+86", PhoneError::BadFormat),
            ("+852 9123 4567", PhoneError::BadFormat),
            ("+1 13800138000", PhoneError::BadFormat),
            ("1380013800a", PhoneError::BadFormat),
            ("' OR 1=1 --", PhoneError::BadFormat),
            ("13800138000' OR '1'='1", PhoneError::BadFormat),
            ("１３８字０１３８０００", PhoneError::BadFormat),
            (long.as_str(), PhoneError::BadFormat),
            (wide.as_str(), PhoneError::BadFormat),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_phone(raw), Err(expected), "{raw:?}");
        }
    }

    #[test]
    fn masking() {
        let cases =
            [("13812345678", "138****5678"), ("1234567", "*******"), ("", ""), ("张三李四王五赵六", "张三李*王五赵六")];
        for (phone, expected) in cases {
            assert_eq!(mask_phone(phone), expected, "{phone:?}");
        }
    }

    #[test]
    fn landlines() {
        let good = [
            ("010-12345678", "010-12345678"),
            ("0755-1234567", "0755-1234567"),
            ("0755-12345678-123", "0755-12345678-123"),
            (" 021 - 8765 4321 ", "021-87654321"),
            ("０１０－１２３４５６７８", "010-12345678"),
        ];
        for (raw, expected) in good {
            assert_eq!(check_landline(raw).as_deref(), Ok(expected), "{raw:?}");
        }
        let long = "0".repeat(10_000);
        let bad = [
            ("", PhoneError::Empty),
            ("12345678", PhoneError::BadLandline),
            ("01012345678", PhoneError::BadLandline),
            ("10-12345678", PhoneError::BadLandline),
            ("01-12345678", PhoneError::BadLandline),
            ("07555-12345678", PhoneError::BadLandline),
            ("010-123456", PhoneError::BadLandline),
            ("010-123456789", PhoneError::BadLandline),
            ("010-12345678-", PhoneError::BadLandline),
            ("010-12345678-1234567", PhoneError::BadLandline),
            ("010-12345678-1-2", PhoneError::BadLandline),
            ("0755-1234567a", PhoneError::BadLandline),
            ("' OR 1=1 --", PhoneError::BadLandline),
            (long.as_str(), PhoneError::BadLandline),
        ];
        for (raw, expected) in bad {
            assert_eq!(check_landline(raw), Err(expected), "{raw:?}");
        }
    }
}
