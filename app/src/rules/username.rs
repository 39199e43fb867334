//! User names (seed 002): ASCII letters, digits and underscore, 4–32 characters. Never all digits, so a
//! user name can't be mistaken for a phone or ID number in the single sign-in box. Unique ignoring case:
//! `username_key` is what the unique index holds.
use super::describe_char;

pub const USERNAME_MIN_CHARS: usize = 4;
pub const USERNAME_MAX_CHARS: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsernameError {
    Empty,
    TooShort,
    TooLong,
    /// The first character that is not an ASCII letter, digit or underscore.
    BadCharacter(char),
    AllDigits,
}

impl UsernameError {
    pub fn zh(&self) -> String {
        match self {
            UsernameError::Empty => "请填写用户名".into(),
            UsernameError::TooShort => format!("用户名至少{USERNAME_MIN_CHARS}个字符，请加长"),
            UsernameError::TooLong => format!("用户名不能超过{USERNAME_MAX_CHARS}个字符，请缩短"),
            UsernameError::BadCharacter(c) => {
                format!("用户名不能包含{}，请只使用英文字母、数字和下划线“_”", describe_char(*c).0)
            }
            UsernameError::AllDigits => "用户名不能全是数字（以免与手机号码或证件号码混淆），请加入字母或下划线".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            UsernameError::Empty => "Enter a user name".into(),
            UsernameError::TooShort => {
                format!("A user name has at least {USERNAME_MIN_CHARS} characters: make it longer")
            }
            UsernameError::TooLong => {
                format!("A user name has at most {USERNAME_MAX_CHARS} characters: make it shorter")
            }
            UsernameError::BadCharacter(c) => format!(
                "A user name can't contain {}: use only letters, digits and the underscore “_”",
                describe_char(*c).1
            ),
            UsernameError::AllDigits => {
                "A user name can't be all digits (it would look like a phone or ID number): add a letter or “_”".into()
            }
        }
    }
}

/// Checks a user name and returns it trimmed, with its case as typed (shown back to the user).
pub fn check_username(raw: &str) -> Result<String, UsernameError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(UsernameError::Empty);
    }
    if let Some(bad) = name.chars().find(|&c| !(c.is_ascii_alphanumeric() || c == '_')) {
        return Err(UsernameError::BadCharacter(bad));
    }
    // Only ASCII is left, so the byte length is the character count.
    if name.len() < USERNAME_MIN_CHARS {
        return Err(UsernameError::TooShort);
    }
    if name.len() > USERNAME_MAX_CHARS {
        return Err(UsernameError::TooLong);
    }
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UsernameError::AllDigits);
    }
    Ok(name.to_string())
}

/// The case-insensitive identity of a user name (`Ouyang_Nana` and `OUYANG_NANA` are the same user).
pub fn username_key(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_user_names() {
        let cases = [
            ("Ouyang_Nana", "Ouyang_Nana"),
            ("  wang_wu ", "wang_wu"),
            ("abcd", "abcd"),
            ("user2026", "user2026"),
            ("2026_", "2026_"),
            ("____", "____"),
        ];
        for (raw, expected) in cases {
            assert_eq!(check_username(raw).as_deref(), Ok(expected), "{raw:?}");
        }
        let longest = "a".repeat(USERNAME_MAX_CHARS);
        assert_eq!(check_username(&longest), Ok(longest.clone()));
    }

    #[test]
    fn bad_user_names() {
        let just_over = "a".repeat(USERNAME_MAX_CHARS + 1);
        let long = "a".repeat(10_000);
        let wide = "字".repeat(10_000);
        let cases = [
            ("", UsernameError::Empty),
            ("   ", UsernameError::Empty),
            ("abc", UsernameError::TooShort),
            (just_over.as_str(), UsernameError::TooLong),
            (long.as_str(), UsernameError::TooLong),
            ("ouyang-nana", UsernameError::BadCharacter('-')),
            ("ouyang nana", UsernameError::BadCharacter(' ')),
            ("a'; DROP TABLE users; --", UsernameError::BadCharacter('\'')),
            ("' OR 1=1 --", UsernameError::BadCharacter('\'')),
            ("张三丰abc", UsernameError::BadCharacter('张')),
            (wide.as_str(), UsernameError::BadCharacter('字')),
            ("ｗａｎｇｗｕ", UsernameError::BadCharacter('ｗ')),
            ("12345678", UsernameError::AllDigits),
            ("13800138000", UsernameError::AllDigits),
        ];
        for (raw, expected) in cases {
            assert_eq!(check_username(raw), Err(expected), "{raw:?}");
        }
    }

    #[test]
    fn messages_name_the_character_and_the_reason() {
        let hyphen = UsernameError::BadCharacter('-');
        assert!(hyphen.zh().contains("“-”") && hyphen.zh().contains("下划线"));
        assert!(hyphen.en().contains("“-”"));
        assert!(UsernameError::BadCharacter(' ').zh().contains("空格"));
        assert!(UsernameError::AllDigits.zh().contains("数字") && UsernameError::AllDigits.zh().contains("手机"));
    }

    #[test]
    fn key_ignores_case() {
        assert_eq!(username_key("Ouyang_Nana"), "ouyang_nana");
        assert_eq!(username_key("OUYANG_NANA"), username_key("ouyang_nana"));
    }
}
