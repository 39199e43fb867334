//! Password policy (SPEC §2, seeds 002 and 004). One analysis feeds both the live checklist the browser
//! shows as the user types and the verdict the server applies, so the two can't disagree: the checklist
//! is all green exactly when `check_password` says Ok.
use super::describe_char;

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 64;
/// The only non-alphanumeric characters allowed (seed 002). Everything else, Chinese punctuation and
/// spaces included, is refused with a message naming it: users were locked out by passwords typed with
/// a full-width comma they couldn't reproduce.
pub const PASSWORD_SPECIALS: &str = "@#*!$%^&_-+=?~";
/// Shorter user names are not looked for: "abc" would forbid too many passwords for nothing.
const USERNAME_CHECKED_FROM: usize = 3;
/// Shorter values can't be an ID number of any type (a half-typed ID number must not block passwords).
const ID_NUMBER_CHECKED_FROM: usize = 5;

/// The configured policy: `default` needs 3 of the 4 character classes; `strict` needs upper case,
/// lower case and digit (seed 004).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PasswordProfile {
    #[default]
    Default,
    Strict,
}

impl PasswordProfile {
    pub fn as_str(&self) -> &'static str {
        match self {
            PasswordProfile::Default => "default",
            PasswordProfile::Strict => "strict",
        }
    }

    pub fn parse(value: &str) -> Option<PasswordProfile> {
        [PasswordProfile::Default, PasswordProfile::Strict]
            .into_iter()
            .find(|profile| profile.as_str().eq_ignore_ascii_case(value.trim()))
    }

    /// The rules of this profile, in the order the checklist shows them.
    pub fn rules(&self) -> &'static [PasswordRule] {
        use PasswordRule::*;
        match self {
            PasswordProfile::Default => &[Length, ThreeOfFourClasses, NoUsername, NoIdNumber, AllowedCharactersOnly],
            PasswordProfile::Strict => {
                &[Length, Uppercase, Lowercase, Digit, NoUsername, NoIdNumber, AllowedCharactersOnly]
            }
        }
    }
}

/// What the password must not contain. Empty strings mean "not known yet" and check nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct PasswordContext<'a> {
    pub username: &'a str,
    pub id_number: &'a str,
}

/// One line of the checklist. In the default profile the four classes are one rule ("3 of 4"), not four
/// lines, because a password without, say, a special character is fine there: a separate unticked line
/// would contradict the verdict. `character_classes` tells a UI which classes are present if it wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PasswordRule {
    Length,
    Uppercase,
    Lowercase,
    Digit,
    ThreeOfFourClasses,
    NoUsername,
    NoIdNumber,
    AllowedCharactersOnly,
}

impl PasswordRule {
    pub fn zh(&self) -> &'static str {
        match self {
            PasswordRule::Length => "长度8-64位",
            PasswordRule::Uppercase => "包含大写字母",
            PasswordRule::Lowercase => "包含小写字母",
            PasswordRule::Digit => "包含数字",
            PasswordRule::ThreeOfFourClasses => "至少包含大写字母、小写字母、数字、特殊字符 @#*!$%^&_-+=?~ 中的三类",
            PasswordRule::NoUsername => "不含用户名",
            PasswordRule::NoIdNumber => "不含证件号码",
            PasswordRule::AllowedCharactersOnly => "只含英文字母、数字和 @#*!$%^&_-+=?~（不能有空格、中文或其他标点）",
        }
    }

    pub fn en(&self) -> &'static str {
        match self {
            PasswordRule::Length => "8 to 64 characters",
            PasswordRule::Uppercase => "An upper-case letter",
            PasswordRule::Lowercase => "A lower-case letter",
            PasswordRule::Digit => "A digit",
            PasswordRule::ThreeOfFourClasses => {
                "At least 3 of: upper-case letter, lower-case letter, digit, special character @#*!$%^&_-+=?~"
            }
            PasswordRule::NoUsername => "Does not contain the user name",
            PasswordRule::NoIdNumber => "Does not contain the ID number",
            PasswordRule::AllowedCharactersOnly => {
                "Only letters, digits and @#*!$%^&_-+=?~ (no spaces, Chinese characters or other punctuation)"
            }
        }
    }

    /// When several rules fail, the message is about the lowest: a refused character first, since the
    /// user may not even see it (a full-width comma), then length, then the rest in checklist order.
    fn precedence(self) -> u8 {
        match self {
            PasswordRule::AllowedCharactersOnly => 0,
            PasswordRule::Length => 1,
            PasswordRule::Uppercase => 2,
            PasswordRule::Lowercase => 3,
            PasswordRule::Digit => 4,
            PasswordRule::ThreeOfFourClasses => 5,
            PasswordRule::NoUsername => 6,
            PasswordRule::NoIdNumber => 7,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckItem {
    pub rule: PasswordRule,
    pub ok: bool,
}

/// Which character classes a password uses, and its first character outside all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CharacterClasses {
    pub upper: bool,
    pub lower: bool,
    pub digit: bool,
    pub special: bool,
    pub first_disallowed: Option<char>,
}

impl CharacterClasses {
    pub fn count(&self) -> usize {
        [self.upper, self.lower, self.digit, self.special].into_iter().filter(|&present| present).count()
    }
}

pub fn character_classes(password: &str) -> CharacterClasses {
    let mut classes = CharacterClasses::default();
    for c in password.chars() {
        match c {
            'A'..='Z' => classes.upper = true,
            'a'..='z' => classes.lower = true,
            '0'..='9' => classes.digit = true,
            c if PASSWORD_SPECIALS.contains(c) => classes.special = true,
            c => {
                classes.first_disallowed.get_or_insert(c);
            }
        }
    }
    classes
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordError {
    Empty,
    TooShort,
    TooLong,
    DisallowedCharacter(char),
    MissingUppercase,
    MissingLowercase,
    MissingDigit,
    TooFewClasses,
    ContainsUsername,
    ContainsIdNumber,
    ConfirmationEmpty,
    Mismatch,
}

impl PasswordError {
    pub fn zh(&self) -> String {
        match self {
            PasswordError::Empty => "请设置密码".into(),
            PasswordError::TooShort => format!("密码至少{PASSWORD_MIN_CHARS}位，请加长"),
            PasswordError::TooLong => format!("密码不能超过{PASSWORD_MAX_CHARS}位，请缩短"),
            PasswordError::DisallowedCharacter(c) => {
                format!("密码中不允许使用{}，请只使用英文字母、数字和特殊字符 {PASSWORD_SPECIALS}", describe_char(*c).0)
            }
            PasswordError::MissingUppercase => "密码需包含大写字母，请补充".into(),
            PasswordError::MissingLowercase => "密码需包含小写字母，请补充".into(),
            PasswordError::MissingDigit => "密码需包含数字，请补充".into(),
            PasswordError::TooFewClasses => {
                format!("密码需至少包含大写字母、小写字母、数字、特殊字符 {PASSWORD_SPECIALS} 中的三类，请补充")
            }
            PasswordError::ContainsUsername => "密码不能包含用户名，请修改".into(),
            PasswordError::ContainsIdNumber => "密码不能包含证件号码，请修改".into(),
            PasswordError::ConfirmationEmpty => "请再次输入密码".into(),
            PasswordError::Mismatch => "两次输入的密码不一致，请重新输入".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            PasswordError::Empty => "Enter a password".into(),
            PasswordError::TooShort => format!("A password has at least {PASSWORD_MIN_CHARS} characters: make it longer"),
            PasswordError::TooLong => format!("A password has at most {PASSWORD_MAX_CHARS} characters: make it shorter"),
            PasswordError::DisallowedCharacter(c) => format!(
                "A password can't contain {}: use only letters, digits and {PASSWORD_SPECIALS}",
                describe_char(*c).1
            ),
            PasswordError::MissingUppercase => "Add an upper-case letter".into(),
            PasswordError::MissingLowercase => "Add a lower-case letter".into(),
            PasswordError::MissingDigit => "Add a digit".into(),
            PasswordError::TooFewClasses => format!(
                "Use at least 3 of: upper-case letters, lower-case letters, digits, special characters {PASSWORD_SPECIALS}"
            ),
            PasswordError::ContainsUsername => "The password can't contain the user name: change it".into(),
            PasswordError::ContainsIdNumber => "The password can't contain the ID number: change it".into(),
            PasswordError::ConfirmationEmpty => "Enter the password again".into(),
            PasswordError::Mismatch => "The two passwords differ: enter the same password twice".into(),
        }
    }
}

/// Everything the rules look at, computed once per keystroke.
struct Analysis {
    length: usize,
    classes: CharacterClasses,
    contains_username: bool,
    contains_id_number: bool,
}

impl Analysis {
    fn of(password: &str, context: &PasswordContext) -> Analysis {
        let lowered = password.to_lowercase();
        let contains = |needle: &str, from: usize| {
            let needle = needle.trim();
            needle.chars().count() >= from && lowered.contains(&needle.to_lowercase())
        };
        Analysis {
            length: password.chars().count(),
            classes: character_classes(password),
            contains_username: contains(context.username, USERNAME_CHECKED_FROM),
            contains_id_number: contains(context.id_number, ID_NUMBER_CHECKED_FROM),
        }
    }

    /// An empty password satisfies nothing, so a fresh form shows no green ticks.
    fn satisfies(&self, rule: PasswordRule) -> bool {
        self.length > 0
            && match rule {
                PasswordRule::Length => (PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&self.length),
                PasswordRule::Uppercase => self.classes.upper,
                PasswordRule::Lowercase => self.classes.lower,
                PasswordRule::Digit => self.classes.digit,
                PasswordRule::ThreeOfFourClasses => self.classes.count() >= 3,
                PasswordRule::NoUsername => !self.contains_username,
                PasswordRule::NoIdNumber => !self.contains_id_number,
                PasswordRule::AllowedCharactersOnly => self.classes.first_disallowed.is_none(),
            }
    }

    fn error_for(&self, rule: PasswordRule) -> PasswordError {
        match rule {
            PasswordRule::Length if self.length < PASSWORD_MIN_CHARS => PasswordError::TooShort,
            PasswordRule::Length => PasswordError::TooLong,
            PasswordRule::Uppercase => PasswordError::MissingUppercase,
            PasswordRule::Lowercase => PasswordError::MissingLowercase,
            PasswordRule::Digit => PasswordError::MissingDigit,
            PasswordRule::ThreeOfFourClasses => PasswordError::TooFewClasses,
            PasswordRule::NoUsername => PasswordError::ContainsUsername,
            PasswordRule::NoIdNumber => PasswordError::ContainsIdNumber,
            // `first_disallowed` is always Some when this rule fails.
            PasswordRule::AllowedCharactersOnly => {
                PasswordError::DisallowedCharacter(self.classes.first_disallowed.unwrap_or(' '))
            }
        }
    }
}

/// The live checklist: one item per rule of the profile, `ok` when satisfied.
pub fn checklist(profile: PasswordProfile, password: &str, context: &PasswordContext) -> Vec<CheckItem> {
    let analysis = Analysis::of(password, context);
    profile.rules().iter().map(|&rule| CheckItem { rule, ok: analysis.satisfies(rule) }).collect()
}

/// The verdict: Ok exactly when every checklist item is ok; otherwise the most important failure.
pub fn check_password(
    profile: PasswordProfile,
    password: &str,
    context: &PasswordContext,
) -> Result<(), PasswordError> {
    if password.is_empty() {
        return Err(PasswordError::Empty);
    }
    let analysis = Analysis::of(password, context);
    let failed = profile.rules().iter().filter(|&&rule| !analysis.satisfies(rule)).min_by_key(|rule| rule.precedence());
    match failed {
        None => Ok(()),
        Some(&rule) => Err(analysis.error_for(rule)),
    }
}

/// The "password again" field: compared exactly, without trimming.
pub fn check_confirmation(password: &str, again: &str) -> Result<(), PasswordError> {
    if again.is_empty() {
        Err(PasswordError::ConfirmationEmpty)
    } else if password != again {
        Err(PasswordError::Mismatch)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PasswordProfile::{Default as Standard, Strict};

    const NONE: PasswordContext = PasswordContext { username: "", id_number: "" };
    const NANA: PasswordContext = PasswordContext { username: "Ouyang_Nana", id_number: "11010519491231002X" };

    #[test]
    fn profiles_parse() {
        let cases = [
            ("default", Some(Standard)),
            ("strict", Some(Strict)),
            (" Strict ", Some(Strict)),
            ("medium", None),
            ("", None),
        ];
        for (value, expected) in cases {
            assert_eq!(PasswordProfile::parse(value), expected, "{value:?}");
        }
        assert_eq!(PasswordProfile::parse(Strict.as_str()), Some(Strict));
        assert_eq!(PasswordProfile::default(), Standard);
    }

    #[test]
    fn good_passwords() {
        let sixty_four = "Aa1#".repeat(16);
        let cases = [
            (Standard, "Abcd#2026x"),
            (Standard, "abcd2026#"), // lower, digit, special
            (Standard, "ABCD#2026"), // upper, digit, special
            (Standard, "Abcdefg1"),  // upper, lower, digit
            (Standard, "Candidate#2026"),
            (Standard, "@#*!$%^&_-+=?~aA"),
            (Standard, sixty_four.as_str()),
            (Strict, "Abcdefg1"),
            (Strict, "Abcd#2026x"),
            (Strict, "Ab3defgh"),
        ];
        for (profile, password) in cases {
            assert_eq!(check_password(profile, password, &NANA), Ok(()), "{profile:?} {password:?}");
        }
    }

    #[test]
    fn bad_passwords() {
        let sixty_five = format!("{}x", "Aa1#".repeat(16));
        let long = "Aa1#".repeat(2_500);
        let wide = "字".repeat(10_000);
        let cases = [
            (Standard, "", PasswordError::Empty),
            (Standard, "Ab#1", PasswordError::TooShort),
            (Standard, sixty_five.as_str(), PasswordError::TooLong),
            (Standard, long.as_str(), PasswordError::TooLong),
            (Standard, wide.as_str(), PasswordError::DisallowedCharacter('字')),
            (Standard, "abcdefgh", PasswordError::TooFewClasses),
            (Standard, "abcd2026", PasswordError::TooFewClasses),
            (Standard, "ABCD####", PasswordError::TooFewClasses),
            (Standard, "Abcd，2026x", PasswordError::DisallowedCharacter('，')),
            (Standard, "Abcd。2026x", PasswordError::DisallowedCharacter('。')),
            (Standard, "Abcd,2026x", PasswordError::DisallowedCharacter(',')),
            (Standard, "Abcd.2026x", PasswordError::DisallowedCharacter('.')),
            (Standard, "Abcd 2026x", PasswordError::DisallowedCharacter(' ')),
            (Standard, "Abcd#2026x\t", PasswordError::DisallowedCharacter('\t')),
            (Standard, "Ａbcd#2026x", PasswordError::DisallowedCharacter('Ａ')),
            (Standard, "密码Abcd#2026", PasswordError::DisallowedCharacter('密')),
            (Standard, "' OR 1=1 --", PasswordError::DisallowedCharacter('\'')),
            (Standard, "ab，", PasswordError::DisallowedCharacter('，')), // the refused character comes first
            (Standard, "Ouyang_Nana#1", PasswordError::ContainsUsername),
            (Standard, "x#OUYANG_NANA1", PasswordError::ContainsUsername),
            (Standard, "A#11010519491231002x", PasswordError::ContainsIdNumber),
            (Strict, "abcd2026#", PasswordError::MissingUppercase),
            (Strict, "ABCD2026#", PasswordError::MissingLowercase),
            (Strict, "Abcdefgh#", PasswordError::MissingDigit),
            (Strict, "Abc1", PasswordError::TooShort),
            (Strict, "Abcd，2026x", PasswordError::DisallowedCharacter('，')),
            (Strict, "Ouyang_Nana#1", PasswordError::ContainsUsername),
        ];
        for (profile, password, expected) in cases {
            assert_eq!(check_password(profile, password, &NANA), Err(expected), "{profile:?} {password:?}");
        }
    }

    #[test]
    fn context_is_checked_only_when_meaningful() {
        let short_name = PasswordContext { username: "ab", id_number: "" };
        assert_eq!(check_password(Standard, "ab#Cd1234", &short_name), Ok(()));
        let half_typed_id = PasswordContext { username: "", id_number: "1101" };
        assert_eq!(check_password(Standard, "Abcd#1101x", &half_typed_id), Ok(()));
        assert_eq!(check_password(Standard, "Ouyang_Nana#1", &NONE), Ok(()));
        let padded = PasswordContext { username: "  wang_wu ", id_number: "" };
        assert_eq!(check_password(Standard, "Wang_Wu#2026", &padded), Err(PasswordError::ContainsUsername));
    }

    #[test]
    fn checklist_agrees_with_the_verdict() {
        let passwords = [
            "",
            "a",
            "Ab",
            "Abcd#",
            "abcdefgh",
            "Abcdefgh",
            "Abcdefg1",
            "Abcd#2026x",
            "abcd2026#",
            "Abcd，2026x",
            "Abcd 2026x",
            "Ouyang_Nana#1",
            "A#11010519491231002X",
            "Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#Aa1#x",
            "字字字字字字字字",
            "ABCD2026#",
        ];
        for profile in [Standard, Strict] {
            for context in [NONE, NANA] {
                for password in passwords {
                    let items = checklist(profile, password, &context);
                    assert_eq!(items.len(), profile.rules().len());
                    let all_ok = items.iter().all(|item| item.ok);
                    let verdict = check_password(profile, password, &context);
                    assert_eq!(all_ok, verdict.is_ok(), "{profile:?} {password:?} {verdict:?}");
                }
            }
        }
    }

    #[test]
    fn checklist_turns_green_while_typing() {
        use PasswordRule::*;
        let rules_ok = |password: &str| -> Vec<(PasswordRule, bool)> {
            checklist(Standard, password, &NANA).into_iter().map(|item| (item.rule, item.ok)).collect()
        };
        assert!(rules_ok("").iter().all(|&(_, ok)| !ok), "nothing ticked on an empty field");
        let typing = rules_ok("abc");
        assert_eq!(
            typing,
            [
                (Length, false),
                (ThreeOfFourClasses, false),
                (NoUsername, true),
                (NoIdNumber, true),
                (AllowedCharactersOnly, true)
            ]
        );
        assert_eq!(rules_ok("abc1#")[1], (ThreeOfFourClasses, true));
        assert!(rules_ok("abc1#xyz").iter().all(|&(_, ok)| ok));
        assert_eq!(rules_ok("abc1#xyz，")[4], (AllowedCharactersOnly, false));
        let strict: Vec<PasswordRule> = checklist(Strict, "", &NONE).into_iter().map(|item| item.rule).collect();
        assert_eq!(strict, [Length, Uppercase, Lowercase, Digit, NoUsername, NoIdNumber, AllowedCharactersOnly]);
    }

    #[test]
    fn labels_and_messages_state_the_policy() {
        let length = PasswordRule::Length.zh();
        assert!(length.contains(&PASSWORD_MIN_CHARS.to_string()) && length.contains(&PASSWORD_MAX_CHARS.to_string()));
        assert!(PasswordRule::ThreeOfFourClasses.zh().contains(PASSWORD_SPECIALS));
        assert!(PasswordRule::AllowedCharactersOnly.en().contains(PASSWORD_SPECIALS));
        let comma = PasswordError::DisallowedCharacter('，');
        assert!(comma.zh().contains("“，”") && comma.zh().contains(PASSWORD_SPECIALS), "{}", comma.zh());
        assert!(PasswordError::DisallowedCharacter(' ').zh().contains("空格"));
        assert!(PasswordError::ContainsUsername.zh().contains("用户名"));
        assert_eq!(character_classes("aB3#").count(), 4);
        assert_eq!(character_classes("ab，").first_disallowed, Some('，'));
    }

    #[test]
    fn confirmation() {
        let cases = [
            ("Abcd#2026x", "Abcd#2026x", Ok(())),
            ("Abcd#2026x", "", Err(PasswordError::ConfirmationEmpty)),
            ("Abcd#2026x", "Abcd#2026y", Err(PasswordError::Mismatch)),
            ("Abcd#2026x", "Abcd#2026x ", Err(PasswordError::Mismatch)),
            ("x", "y", Err(PasswordError::Mismatch)),
        ];
        for (password, again, expected) in cases {
            assert_eq!(check_confirmation(password, again), expected, "{again:?}");
        }
    }
}
