//! Free text fields (organization names, titles, answers…): required and length guards. Lengths are
//! counted in characters, so 50 Chinese characters are 50, not 150 bytes.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    Required { field_zh: &'static str, field_en: &'static str },
    TooLong { field_zh: &'static str, field_en: &'static str, max: usize },
}

impl TextError {
    pub fn zh(&self) -> String {
        match self {
            TextError::Required { field_zh, .. } => format!("请填写{field_zh}"),
            TextError::TooLong { field_zh, max, .. } => format!("{field_zh}不能超过{max}个字，请删减后再提交"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            TextError::Required { field_en, .. } => format!("Enter the {field_en}"),
            TextError::TooLong { field_en, max, .. } => {
                format!("The {field_en} can have at most {max} characters: please shorten it")
            }
        }
    }
}

/// Refuses a value longer than `max_chars` characters (counted as given: trim first if spaces at the
/// ends don't count). Reads at most `max_chars + 1` characters, so huge inputs cost nothing.
pub fn check_len(
    field_zh: &'static str,
    field_en: &'static str,
    value: &str,
    max_chars: usize,
) -> Result<(), TextError> {
    match value.chars().nth(max_chars) {
        Some(_) => Err(TextError::TooLong { field_zh, field_en, max: max_chars }),
        None => Ok(()),
    }
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
    fn messages_name_the_field_and_the_limit() {
        let too_long = TextError::TooLong { field_zh: FIELD.0, field_en: FIELD.1, max: 50 };
        assert_eq!(too_long.zh(), "单位名称不能超过50个字，请删减后再提交");
        assert!(too_long.en().contains("organization name") && too_long.en().contains("50"));
        assert_eq!(TextError::Required { field_zh: FIELD.0, field_en: FIELD.1 }.zh(), "请填写单位名称");
    }
}
