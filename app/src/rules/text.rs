//! Free text fields (organization names, titles, answers…): required and length guards. Lengths are
//! counted in characters, so 50 Chinese characters are 50, not 150 bytes. Control characters (NUL and
//! the like, which PostgreSQL can't even store) are refused; line breaks and tabs are text.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    Required { field_zh: &'static str, field_en: &'static str },
    TooLong { field_zh: &'static str, field_en: &'static str, max: usize },
    Unprintable { field_zh: &'static str, field_en: &'static str },
}

/// A character no form field should hold: a control character other than a line break or a tab.
pub fn is_unprintable(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

impl TextError {
    pub fn zh(&self) -> String {
        match self {
            TextError::Required { field_zh, .. } => format!("请填写{field_zh}"),
            TextError::TooLong { field_zh, max, .. } => format!("{field_zh}不能超过{max}个字，请删减后再提交"),
            TextError::Unprintable { field_zh, .. } => format!("{field_zh}含有无法显示的控制字符，请删除后再提交"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            TextError::Required { field_en, .. } => format!("Enter the {field_en}"),
            TextError::TooLong { field_en, max, .. } => {
                format!("The {field_en} can have at most {max} characters: please shorten it")
            }
            TextError::Unprintable { field_en, .. } => {
                format!("The {field_en} contains control characters that can't be shown: please remove them")
            }
        }
    }
}

/// Refuses a value longer than `max_chars` characters (counted as given: trim first if spaces at the
/// ends don't count), or holding a control character. Reads at most `max_chars + 1` characters, so huge
/// inputs cost nothing.
pub fn check_len(
    field_zh: &'static str,
    field_en: &'static str,
    value: &str,
    max_chars: usize,
) -> Result<(), TextError> {
    for (count, c) in value.chars().enumerate() {
        if count == max_chars {
            return Err(TextError::TooLong { field_zh, field_en, max: max_chars });
        }
        if is_unprintable(c) {
            return Err(TextError::Unprintable { field_zh, field_en });
        }
    }
    Ok(())
}

/// A required text field: trimmed, not empty, at most `max_chars` characters; returns the trimmed value.
pub fn check_required(
    field_zh: &'static str,
    field_en: &'static str,
    value: &str,
    max_chars: usize,
) -> Result<String, TextError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(TextError::Required { field_zh, field_en });
    }
    check_len(field_zh, field_en, trimmed, max_chars)?;
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELD: (&str, &str) = ("单位名称", "organization name");

    #[test]
    fn length_is_counted_in_characters() {
        let (forty_nine, fifty, fifty_one) = ("字".repeat(49), "字".repeat(50), "字".repeat(51));
        let long = "字".repeat(10_000);
        let cases = [
            ("", Ok(())),
            ("abc", Ok(())),
            (forty_nine.as_str(), Ok(())),
            (fifty.as_str(), Ok(())),
            (fifty_one.as_str(), Err(50)),
            (long.as_str(), Err(50)),
        ];
        for (value, expected) in cases {
            let result = check_len(FIELD.0, FIELD.1, value, 50);
            let expected = expected.map_err(|max| TextError::TooLong { field_zh: FIELD.0, field_en: FIELD.1, max });
            assert_eq!(result, expected, "{} chars", value.chars().count());
        }
    }

    #[test]
    fn required_fields() {
        assert_eq!(check_required(FIELD.0, FIELD.1, "  某某科技有限公司 ", 50).as_deref(), Ok("某某科技有限公司"));
        let required = TextError::Required { field_zh: FIELD.0, field_en: FIELD.1 };
        assert_eq!(check_required(FIELD.0, FIELD.1, " \u{3000} ", 50), Err(required));
        let too_long = check_required(FIELD.0, FIELD.1, &"字".repeat(10_000), 50);
        assert_eq!(too_long, Err(TextError::TooLong { field_zh: FIELD.0, field_en: FIELD.1, max: 50 }));
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_are_text() {
        let unprintable = Err(TextError::Unprintable { field_zh: FIELD.0, field_en: FIELD.1 });
        assert_eq!(check_len(FIELD.0, FIELD.1, "某某\0公司", 50), unprintable);
        assert_eq!(check_required(FIELD.0, FIELD.1, "某某\u{1b}[31m", 50).map(|_| ()), unprintable);
        assert_eq!(check_len(FIELD.0, FIELD.1, "第一行\r\n第二行\t完", 50), Ok(()));
        assert!(TextError::Unprintable { field_zh: FIELD.0, field_en: FIELD.1 }.zh().starts_with("单位名称含有"));
    }

    #[test]
    fn messages_name_the_field_and_the_limit() {
        let too_long = TextError::TooLong { field_zh: FIELD.0, field_en: FIELD.1, max: 50 };
        assert_eq!(too_long.zh(), "单位名称不能超过50个字，请删减后再提交");
        assert!(too_long.en().contains("organization name") && too_long.en().contains("50"));
        assert_eq!(TextError::Required { field_zh: FIELD.0, field_en: FIELD.1 }.zh(), "请填写单位名称");
    }
}
