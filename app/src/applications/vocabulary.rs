//! The closed lists of the application forms, one place for both sides: the Chinese word is what is
//! stored and checked; the English one is what an English page shows for it.
pub const POLITICAL_STATUSES: [(&str, &str); 5] = [
    ("中共党员", "CPC member"),
    ("中共预备党员", "CPC probationary member"),
    ("共青团员", "CYL member"),
    ("民主党派", "Democratic party member"),
    ("群众", "No party affiliation"),
];
pub const TITLE_LEVELS: [(&str, &str); 4] =
    [("初级", "Junior"), ("中级", "Intermediate"), ("副高级", "Associate senior"), ("正高级", "Senior")];
pub const EDUCATION_LEVELS: [(&str, &str); 4] =
    [("专科", "Associate"), ("本科", "Bachelor's"), ("硕士研究生", "Master's"), ("博士研究生", "Doctorate")];
pub const DEGREES: [(&str, &str); 4] = [("", "—"), ("学士", "Bachelor"), ("硕士", "Master"), ("博士", "Doctor")];

/// The stored (Chinese) values of a list, for the server's checks.
pub fn values<const N: usize>(list: &[(&'static str, &'static str); N]) -> [&'static str; N] {
    list.map(|(zh, _)| zh)
}

/// A stored value in the page's language (the value itself if the list doesn't know it).
pub fn shown<'a>(list: &[(&'static str, &'static str)], value: &'a str, english: bool) -> &'a str {
    match list.iter().find(|(zh, _)| *zh == value) {
        Some((_, en)) if english => en,
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_shown_words() {
        assert_eq!(values(&TITLE_LEVELS), ["初级", "中级", "副高级", "正高级"]);
        assert_eq!(shown(&EDUCATION_LEVELS, "本科", true), "Bachelor's");
        assert_eq!(shown(&EDUCATION_LEVELS, "本科", false), "本科");
        assert_eq!(shown(&EDUCATION_LEVELS, "其他", true), "其他");
    }
}
