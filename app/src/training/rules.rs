//! Training field rules, shared by the admin form and the server.
use crate::rules::RuleError;

#[derive(Clone, Debug, PartialEq)]
pub enum TrainingRuleError {
    Title,
    Date,
    StreamUrl,
    Region,
}

impl RuleError for TrainingRuleError {
    fn zh(&self) -> String {
        match self {
            Self::Title => "请填写课程名称（100字以内）".into(),
            Self::Date => "请按 年-月-日 填写日期，例如 2026-12-01".into(),
            Self::StreamUrl => "直播地址须以 https://、http:// 或 / 开头".into(),
            Self::Region => "请选择课程所属地区".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::Title => "Enter the course title (at most 100 characters)".into(),
            Self::Date => "Enter the date as year-month-day, e.g. 2026-12-01".into(),
            Self::StreamUrl => "The stream address must start with https://, http:// or /".into(),
            Self::Region => "Choose the course's region".into(),
        }
    }
}

pub fn check_title(title: &str) -> Result<String, TrainingRuleError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(TrainingRuleError::Title);
    }
    Ok(title.to_string())
}

/// A real calendar date written YYYY-MM-DD (so dates compare as text).
pub fn check_date(date: &str) -> Result<String, TrainingRuleError> {
    let date = date.trim();
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(TrainingRuleError::Date) };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(TrainingRuleError::Date);
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(TrainingRuleError::Date);
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(TrainingRuleError::Date),
    };
    if !(2000..=2100).contains(&year) || day == 0 || day > days {
        return Err(TrainingRuleError::Date);
    }
    Ok(date.to_string())
}

/// The player loads this address in a frame: web addresses or a page of our own site only.
pub fn check_stream_url(url: &str) -> Result<String, TrainingRuleError> {
    let url = url.trim();
    let ok =
        (url.starts_with("https://") || url.starts_with("http://") || (url.starts_with('/') && !url.starts_with("//")))
            && url.len() <= 500
            && !url.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(url.to_string())
    } else {
        Err(TrainingRuleError::StreamUrl)
    }
}

/// Region codes nest by prefix (province 44 → city 4401 → district 440106): a session's region covers the
/// candidates whose region code starts with it.
pub fn region_covers(session_region: &str, candidate_region: &str) -> bool {
    !session_region.is_empty() && candidate_region.starts_with(session_region)
}

/// Today in China as "2026-11-23" (dates are stored and compared as such text).
pub fn today_text(now_ms: i64) -> String {
    date_text(crate::accounts::forms::today_in_china(now_ms))
}

/// "2026-11-23" from (2026, 11, 23).
pub fn date_text((year, month, day): (i32, u32, u32)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        for good in ["2026-12-01", "2028-02-29", "2026-01-31"] {
            assert_eq!(check_date(good).as_deref(), Ok(good), "{good}");
        }
        for bad in ["2026-13-01", "2027-02-29", "2026-04-31", "26-12-01", "2026/12/01", "2026-1-1", "", "2026-12-00"] {
            assert_eq!(check_date(bad), Err(TrainingRuleError::Date), "{bad}");
        }
    }

    #[test]
    fn stream_urls_are_web_addresses_or_our_pages() {
        for good in ["https://live.example.cn/room/1", "/live/placeholder.html", "http://10.0.0.1/s"] {
            assert!(check_stream_url(good).is_ok(), "{good}");
        }
        for bad in ["javascript:alert(1)", "//evil.example", "ftp://x", "https://a b", "https://x\"><script>", ""] {
            assert_eq!(check_stream_url(bad), Err(TrainingRuleError::StreamUrl), "{bad}");
        }
    }

    #[test]
    fn a_region_covers_its_own_cities_and_districts_only() {
        assert!(region_covers("44", "440106"));
        assert!(region_covers("4401", "440106"));
        assert!(!region_covers("4401", "440306"));
        assert!(!region_covers("11", "440106"));
        assert!(region_covers("440106", "440106"));
        assert!(!region_covers("", "440106"));
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(check_title("  评标专家培训 ").as_deref(), Ok("评标专家培训"));
        assert_eq!(check_title("   "), Err(TrainingRuleError::Title));
        assert_eq!(check_title(&"长".repeat(101)), Err(TrainingRuleError::Title));
    }
}
