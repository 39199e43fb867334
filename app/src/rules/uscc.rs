//! Unified social credit codes of organizations (统一社会信用代码), GB 32100-2015: 18 characters from a
//! 31-character alphabet (no I, O, Z, S, V, which look like 1, 0, 2, 5, U), the 18th a check character.
use super::to_half_width;

/// GB 32100-2015 code alphabet; a character's value is its position.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100-2015: weight of each of the first 17 characters (3^i mod 31).
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_CHARS: usize = 18;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsccError {
    Empty,
    /// The number of characters given.
    WrongLength(usize),
    /// The first character outside the code alphabet.
    BadCharacter(char),
    BadCheckChar,
}

impl UsccError {
    pub fn zh(&self) -> String {
        match self {
            UsccError::Empty => "请填写统一社会信用代码".into(),
            UsccError::WrongLength(n) => format!("统一社会信用代码应为18位，当前为{n}位，请核对营业执照"),
            UsccError::BadCharacter(c) => format!(
                "统一社会信用代码不能包含{}（代码只用数字和除I、O、Z、S、V以外的大写字母），请核对营业执照",
                super::describe_char(*c).0
            ),
            UsccError::BadCheckChar => "统一社会信用代码校验位不正确，请核对营业执照上的代码".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            UsccError::Empty => "Enter the unified social credit code".into(),
            UsccError::WrongLength(n) => {
                format!("A unified social credit code has 18 characters, this one has {n}: check the licence")
            }
            UsccError::BadCharacter(c) => format!(
                "The code can't contain {} (it uses digits and letters other than I, O, Z, S, V): check the licence",
                super::describe_char(*c).1
            ),
            UsccError::BadCheckChar => "The check character is wrong: check the code on the business licence".into(),
        }
    }
}

/// Checks a unified social credit code and returns it in upper case.
pub fn check_uscc(raw: &str) -> Result<String, UsccError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(UsccError::Empty);
    }
    let length = trimmed.chars().count();
    if length != USCC_CHARS {
        return Err(UsccError::WrongLength(length));
    }
    let code: String = trimmed.chars().map(|c| to_half_width(c).to_ascii_uppercase()).collect();
    if let Some(bad) = code.chars().find(|&c| value_of(c).is_none()) {
        return Err(UsccError::BadCharacter(bad));
    }
    // Every character is now ASCII, so byte positions are character positions.
    let (first17, given) = code.split_at(USCC_CHARS - 1);
    match uscc_check_char(first17) {
        Some(expected) if given.starts_with(expected) => Ok(code),
        _ => Err(UsccError::BadCheckChar),
    }
}

/// The check character for the first 17 characters: (31 − Σ value × weight mod 31) mod 31, as a code
/// character. `None` unless given exactly 17 characters of the alphabet.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let values: Vec<u32> = first17.chars().map(value_of).collect::<Option<_>>()?;
    if values.len() != USCC_CHARS - 1 {
        return None;
    }
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(value, weight)| value * weight).sum();
    ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize)
}

fn value_of(c: char) -> Option<u32> {
    // The alphabet is ASCII: the byte index found is the position.
    ALPHABET.find(c).and_then(|index| u32::try_from(index).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Known-valid codes, check characters worked out by hand (value × weight, summed):
    // 91350100M000100Y4|3: 9·1 + 1·3 + 3·9 + 5·27 + 0 + 1·26 + 0 + 0 + M=21·20 + 0 + 0 + 0 + 1·8 + 0 + 0
    //   + Y=30·30 + 4·28 = 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → '3'
    // 91440300192203821|6: 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; mod 31 = 25; 31 − 25 = 6
    // 91110000600037341|L: 9+3+9+27+0+0+0+0+120+0+0+0+24+168+30+120+28 = 538; mod 31 = 11; 31 − 11 = 20 → 'L'
    #[test]
    fn good_codes() {
        let cases = [
            ("91350100M000100Y43", "91350100M000100Y43"),
            ("91350100m000100y43", "91350100M000100Y43"),
            (" 914403001922038216 ", "914403001922038216"),
            ("91110000600037341L", "91110000600037341L"),
            ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
        ];
        for (raw, expected) in cases {
            assert_eq!(check_uscc(raw).as_deref(), Ok(expected), "{raw:?}");
        }
        assert_eq!(uscc_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(uscc_check_char("too short"), None);
    }

    #[test]
    fn bad_codes() {
        let long = "9".repeat(10_000);
        let cases = [
            ("", UsccError::Empty),
            ("   ", UsccError::Empty),
            ("91350100M000100Y4", UsccError::WrongLength(17)),
            ("91350100M000100Y433", UsccError::WrongLength(19)),
            ("' OR 1=1 --", UsccError::WrongLength(11)),
            (long.as_str(), UsccError::WrongLength(10_000)),
            ("91350100M000100Y44", UsccError::BadCheckChar),
            ("91350100M000100Y4L", UsccError::BadCheckChar),
            ("91350100I000100Y43", UsccError::BadCharacter('I')),
            ("91350100O000100Y43", UsccError::BadCharacter('O')),
            ("91350100z000100Y43", UsccError::BadCharacter('Z')),
            ("91350100S000100Y43", UsccError::BadCharacter('S')),
            ("91350100V000100Y43", UsccError::BadCharacter('V')),
            ("91350100M000100'43", UsccError::BadCharacter('\'')),
            ("字字字字字字字字字字字字字字字字字字", UsccError::BadCharacter('字')),
        ];
        for (raw, expected) in cases {
            assert_eq!(check_uscc(raw), Err(expected), "{raw:?}");
        }
    }
}
