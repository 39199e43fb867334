//! Real names as on the ID document. Stray spaces are removed before storing and comparing (seed 000:
//! names typed with an extra space failed to match the identity record), so `normalize_name` is applied
//! to every name both when it is stored and when it is searched for.
use super::describe_char;

pub const NAME_MIN_CHARS: usize = 2;
pub const NAME_MAX_CHARS: usize = 50;

/// The separator in transliterated names (阿沛·阿旺晋美, 克里斯蒂亚诺·罗纳尔多), U+00B7.
pub const NAME_DOT: char = '·';

/// Look-alikes of the middle dot that phones and input methods produce instead of U+00B7: bullet,
/// hyphenation point, bullet operator, dot operator, katakana middle dot (full and half width).
const DOT_LOOKALIKES: [char; 6] = ['\u{2022}', '\u{2027}', '\u{2219}', '\u{22C5}', '\u{30FB}', '\u{FF65}'];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooShort,
    TooLong,
    /// The first character that is neither a letter, `·`, nor a space.
    BadCharacter(char),
    /// `·` at the start or end, doubled, or not between two letters.
    MisplacedDot,
}

impl NameError {
    pub fn zh(&self) -> String {
        match self {
            NameError::Empty => "请填写姓名".into(),
            NameError::TooShort => format!("姓名至少{NAME_MIN_CHARS}个字，请填写证件上的完整姓名"),
            NameError::TooLong => format!("姓名不能超过{NAME_MAX_CHARS}个字，请核对后重新填写"),
            NameError::BadCharacter(c) => {
                format!("姓名不能包含{}，请只使用文字、间隔号“·”和单个空格，按证件上的姓名填写", describe_char(*c).0)
            }
            NameError::MisplacedDot => "间隔号“·”只能写在两个字之间（如“阿沛·阿旺晋美”），请修改".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            NameError::Empty => "Enter your name".into(),
            NameError::TooShort => {
                format!("A name has at least {NAME_MIN_CHARS} characters: enter the full name on your ID")
            }
            NameError::TooLong => format!("A name has at most {NAME_MAX_CHARS} characters: please check it"),
            NameError::BadCharacter(c) => format!(
                "A name can't contain {}: use only letters, the middle dot “·” and single spaces, as on your ID",
                describe_char(*c).1
            ),
            NameError::MisplacedDot => {
                "The middle dot “·” goes between two parts of a name (e.g. “Ngapoi·Ngawang”): please correct it".into()
            }
        }
    }
}

/// A Han ideograph (the CJK Unified Ideographs with extensions A–G and the compatibility blocks): a Chinese
/// name never has a space between two of them.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{323AF}')
}

/// Trims (including the full-width space U+3000, which `char::is_whitespace` covers), collapses runs of
/// whitespace to one ASCII space, turns middle-dot look-alikes into `·`, drops spaces around `·`, and
/// drops a space between two Han characters ("张 三" → "张三", seed 000); Latin names keep single spaces.
pub fn normalize_name(raw: &str) -> String {
    let mut name = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        let word_starts_with_dot = word.starts_with(NAME_DOT) || word.starts_with(DOT_LOOKALIKES);
        let between_han = name.chars().next_back().is_some_and(is_han) && word.chars().next().is_some_and(is_han);
        if !name.is_empty() && !name.ends_with(NAME_DOT) && !word_starts_with_dot && !between_han {
            name.push(' ');
        }
        name.extend(word.chars().map(|c| if DOT_LOOKALIKES.contains(&c) { NAME_DOT } else { c }));
    }
    name
}

/// Checks a real name and returns it normalized. Allowed: letters of any script (`char::is_alphabetic`
/// covers Latin, CJK ideographs and other scripts), `·` between two letters, and single spaces.
pub fn check_name(raw: &str) -> Result<String, NameError> {
    let name = normalize_name(raw);
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if let Some(bad) = name.chars().find(|&c| !(c.is_alphabetic() || c == NAME_DOT || c == ' ')) {
        return Err(NameError::BadCharacter(bad));
    }
    // Spaces next to a dot were already dropped, so an empty part means a dot at an end or doubled.
    if name.split(NAME_DOT).any(str::is_empty) {
        return Err(NameError::MisplacedDot);
    }
    let length = name.chars().count();
    if length < NAME_MIN_CHARS {
        return Err(NameError::TooShort);
    }
    if length > NAME_MAX_CHARS {
        return Err(NameError::TooLong);
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_removes_stray_spaces() {
        let cases = [
            ("  欧阳   娜娜 ", "欧阳娜娜"),
            ("张 三", "张三"),
            ("\u{3000}张三\u{3000}", "张三"),
            ("张\u{3000}\u{3000}三", "张三"),
            ("\t李\n四 ", "李四"),
            ("𠮷 野家", "𠮷野家"),
            ("Mary  Ann   Smith", "Mary Ann Smith"),
            ("张 San", "张 San"),
            ("Li 娜", "Li 娜"),
            ("阿沛 · 阿旺晋美", "阿沛·阿旺晋美"),
            ("阿沛•阿旺晋美", "阿沛·阿旺晋美"),
            ("阿沛・阿旺晋美", "阿沛·阿旺晋美"),
            ("", ""),
            ("   ", ""),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_name(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn good_names() {
        let cases = [
            ("张三", "张三"),
            ("  欧阳   娜娜 ", "欧阳娜娜"),
            ("阿沛·阿旺晋美", "阿沛·阿旺晋美"),
            ("克里斯蒂亚诺·罗纳尔多", "克里斯蒂亚诺·罗纳尔多"),
            ("José Müller", "José Müller"),
            ("Li Na", "Li Na"),
            ("𠮷野家", "𠮷野家"), // a CJK Extension B ideograph (4 bytes in UTF-8)
        ];
        for (raw, expected) in cases {
            assert_eq!(check_name(raw).as_deref(), Ok(expected), "{raw:?}");
        }
        let fifty = "张".repeat(NAME_MAX_CHARS);
        assert_eq!(check_name(&fifty), Ok(fifty.clone()));
    }

    #[test]
    fn bad_names() {
        let long = "字".repeat(10_000);
        let cases = [
            ("", NameError::Empty),
            ("\u{3000} \t", NameError::Empty),
            ("张", NameError::TooShort),
            (" 张 ", NameError::TooShort),
            (long.as_str(), NameError::TooLong),
            ("' OR 1=1 --", NameError::BadCharacter('\'')),
            ("Robert'); DROP TABLE users;--", NameError::BadCharacter('\'')),
            ("张三1", NameError::BadCharacter('1')),
            ("张三。", NameError::BadCharacter('。')),
            ("张-三", NameError::BadCharacter('-')),
            ("<script>", NameError::BadCharacter('<')),
            ("张\u{200B}三", NameError::BadCharacter('\u{200B}')),
            ("·张三", NameError::MisplacedDot),
            ("张三·", NameError::MisplacedDot),
            ("张··三", NameError::MisplacedDot),
            ("·", NameError::MisplacedDot),
        ];
        for (raw, expected) in cases {
            assert_eq!(check_name(raw), Err(expected), "{raw:?}");
        }
    }

    #[test]
    fn messages_name_the_bad_character_and_the_limits() {
        assert!(NameError::BadCharacter('1').zh().contains("“1”"));
        assert!(NameError::BadCharacter(' ').zh().contains("空格"));
        assert!(NameError::TooLong.zh().contains("50"));
        assert!(NameError::TooShort.en().contains('2'));
    }
}
