//! Every field rule, as plain `std` Rust: the browser runs them as the user types (live messages), the
//! server runs the very same functions before any write (the real decision). No external crates, so the
//! module compiles unchanged into the WASM frontend and the axum server.
//!
//! Each rule is a function that returns the normalized value (what gets stored and compared) or a typed
//! error. Every error says what is wrong and what to do next, in Chinese (primary) and English, through
//! [`RuleError`]. No rule panics on any input: text is handled as `char`s, never sliced by bytes.
pub mod id_number;
pub mod name;
pub mod password;
pub mod phone;
pub mod sms_code;
pub mod text;
pub mod uscc;
pub mod username;

pub use id_number::{
    age_on, birth_date, check_id_for_type, mask_id_number, normalize_id_number, IdNumberError, IdType,
};
pub use name::{check_name, normalize_name, NameError, NAME_MAX_CHARS, NAME_MIN_CHARS};
pub use password::{
    character_classes, check_confirmation, check_password, checklist, CharacterClasses, CheckItem, PasswordContext,
    PasswordError, PasswordProfile, PasswordRule, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, PASSWORD_SPECIALS,
};
pub use phone::{check_landline, mask_phone, normalize_phone, PhoneError};
pub use sms_code::{check_sms_code, SmsCodeError, SMS_CODE_DIGITS};
pub use text::{check_len, check_required, TextError};
pub use uscc::{check_uscc, uscc_check_char, UsccError};
pub use username::{check_username, username_key, UsernameError, USERNAME_MAX_CHARS, USERNAME_MIN_CHARS};

/// A rule's error as a message in both languages, so form code can treat every rule alike
/// (`Problems::check`, the live `verdict` of a field).
pub trait RuleError {
    /// What is wrong and what to do next, in Chinese.
    fn zh(&self) -> String;
    /// The same in English.
    fn en(&self) -> String;
}

/// Each error enum has inherent `zh()`/`en()` (usable without importing the trait); this forwards the
/// trait to them and adds `Display` (the Chinese message) and `std::error::Error`.
macro_rules! bilingual_errors {
    ($($error:ty),* $(,)?) => {$(
        impl RuleError for $error {
            fn zh(&self) -> String {
                <$error>::zh(self)
            }
            fn en(&self) -> String {
                <$error>::en(self)
            }
        }
        impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&<$error>::zh(self))
            }
        }
        impl std::error::Error for $error {}
    )*};
}

bilingual_errors!(
    IdNumberError,
    NameError,
    PasswordError,
    PhoneError,
    SmsCodeError,
    TextError,
    UsernameError,
    UsccError,
);

/// Folds full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space (U+3000) to plain ASCII.
/// Chinese input methods in full-width mode produce `１３８…` or `Ｘ`; for codes made of digits and
/// Latin letters (phone, ID number, SMS code, USCC) these are the same characters, so we accept them.
/// Never used for passwords or user names, where what was typed is what counts.
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// How a refused character is named in a message: spaces and invisible characters can't be shown in
/// quotes, so they get a word instead. Returns (Chinese, English).
pub fn describe_char(c: char) -> (String, String) {
    match c {
        ' ' => ("空格".into(), "a space".into()),
        '\u{3000}' => ("全角空格".into(), "a full-width space".into()),
        c if c.is_whitespace() => ("空白字符".into(), "a whitespace character".into()),
        c if c.is_control() => ("控制字符".into(), "a control character".into()),
        c => (format!("“{c}”"), format!("“{c}”")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_fold_to_ascii() {
        let cases = [('１', '1'), ('Ｘ', 'X'), ('ｘ', 'x'), ('－', '-'), ('＋', '+'), ('，', ','), ('\u{3000}', ' ')];
        for (full, half) in cases {
            assert_eq!(to_half_width(full), half, "{full}");
        }
        for unchanged in ['1', 'a', '。', '、', '张', '\u{FF5F}'] {
            assert_eq!(to_half_width(unchanged), unchanged);
        }
    }

    #[test]
    fn refused_characters_are_named_readably() {
        assert_eq!(describe_char(' ').0, "空格");
        assert_eq!(describe_char('\u{3000}').0, "全角空格");
        assert_eq!(describe_char('\t').1, "a whitespace character");
        assert_eq!(describe_char('\u{7}').0, "控制字符");
        assert_eq!(describe_char('，').0, "“，”");
    }

    #[test]
    fn every_error_speaks_both_languages_and_says_what_to_do() {
        fn texts<E: RuleError + std::fmt::Display>(errors: &[E]) -> Vec<(String, String, String)> {
            errors.iter().map(|e| (e.zh(), e.en(), e.to_string())).collect()
        }
        let (field_zh, field_en) = ("单位名称", "organization name");
        let messages = [
            texts(&[
                IdNumberError::Empty,
                IdNumberError::WrongLength(17),
                IdNumberError::NotDigits,
                IdNumberError::BadRegion,
                IdNumberError::BadBirthDate,
                IdNumberError::FutureBirthDate,
                IdNumberError::BadCheckChar { expected: 'X' },
                IdNumberError::BadOtherId,
            ]),
            texts(&[
                NameError::Empty,
                NameError::TooShort,
                NameError::TooLong,
                NameError::BadCharacter('1'),
                NameError::MisplacedDot,
            ]),
            texts(&[
                PasswordError::Empty,
                PasswordError::TooShort,
                PasswordError::TooLong,
                PasswordError::DisallowedCharacter('，'),
                PasswordError::MissingUppercase,
                PasswordError::MissingLowercase,
                PasswordError::MissingDigit,
                PasswordError::TooFewClasses,
                PasswordError::ContainsUsername,
                PasswordError::ContainsIdNumber,
                PasswordError::ConfirmationEmpty,
                PasswordError::Mismatch,
            ]),
            texts(&[PhoneError::Empty, PhoneError::BadFormat, PhoneError::BadLandline]),
            texts(&[SmsCodeError::Empty, SmsCodeError::BadFormat]),
            texts(&[
                TextError::Required { field_zh, field_en },
                TextError::TooLong { field_zh, field_en, max: 50 },
                TextError::Unprintable { field_zh, field_en },
            ]),
            texts(&[
                UsernameError::Empty,
                UsernameError::TooShort,
                UsernameError::TooLong,
                UsernameError::BadCharacter('-'),
                UsernameError::AllDigits,
            ]),
            texts(&[
                UsccError::Empty,
                UsccError::WrongLength(17),
                UsccError::BadCharacter('I'),
                UsccError::BadCheckChar,
            ]),
        ];
        for (zh, en, shown) in messages.into_iter().flatten() {
            assert!(zh.contains('请'), "the Chinese message says what to do: {zh}");
            let chinese_in_english = en.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
            assert!(!en.is_empty() && !chinese_in_english, "English message: {en}");
            assert_eq!(zh, shown, "Display shows the Chinese message");
        }
    }

    /// Odd inputs and every character prefix of them: no rule may panic, whatever arrives.
    #[test]
    fn no_rule_panics_on_odd_input() {
        let seeds = [
            "",
            "\0\u{7}\u{1b}[31m",
            "𠮷👨‍👩‍👧‍👦é\u{301}\u{202E}ab",
            "１１０１０５１９４９１２３１００２ｘ",
            "110105491231002",
            "+86 138-0013-8000",
            "0755-12345678-123",
            "91350100M000100Y43",
            "阿沛 · 阿旺晋美",
            "' OR 1=1 --; DROP TABLE users; /*",
            "Ouyang_Nana#1，。,. ",
        ];
        let today = (2026, 11, 24);
        for seed in seeds {
            let chars: Vec<char> = seed.chars().collect();
            for end in 0..=chars.len() {
                let input: String = chars[..end].iter().collect();
                let input = input.as_str();
                let _ = (check_name(input), normalize_id_number(input, today), birth_date(input));
                let _ = (age_on(input, today), mask_id_number(input), normalize_phone(input), mask_phone(input));
                let _ = (check_landline(input), check_username(input), username_key(input), check_sms_code(input));
                let _ = (check_uscc(input), uscc_check_char(input), check_required("字段", "field", input, 5));
                for id_type in IdType::ALL {
                    let _ = check_id_for_type(id_type, input, today);
                }
                let context = PasswordContext { username: input, id_number: input };
                for profile in [PasswordProfile::Default, PasswordProfile::Strict] {
                    let all_ok = checklist(profile, input, &context).iter().all(|item| item.ok);
                    assert_eq!(all_ok, check_password(profile, input, &context).is_ok(), "{input:?}");
                }
                let _ = check_confirmation(input, seed);
            }
        }
    }

    /// A megabyte-sized value is refused (without panicking), by every rule.
    #[test]
    fn huge_inputs_are_refused() {
        for unit in ["1", "字", "a", " ", "Aa1#"] {
            let huge = unit.repeat(250_000);
            let today = (2026, 11, 24);
            assert!(check_name(&huge).is_err() && normalize_id_number(&huge, today).is_err());
            assert!(normalize_phone(&huge).is_err() && check_landline(&huge).is_err());
            assert!(check_username(&huge).is_err() && check_sms_code(&huge).is_err() && check_uscc(&huge).is_err());
            assert!(check_id_for_type(IdType::Passport, &huge, today).is_err());
            assert!(check_len("字段", "field", &huge, 100).is_err());
            let context = PasswordContext { username: "someone", id_number: "11010519491231002X" };
            assert!(check_password(PasswordProfile::Default, &huge, &context).is_err());
        }
    }
}
