//! ID numbers. Only the resident ID card is checked automatically (GB 11643-1999, 公民身份号码): 6-digit
//! region code, birth date YYYYMMDD, 3-digit sequence, check character. Other ID types are checked for
//! shape only and then verified by hand by support (SPEC §2).
use super::to_half_width;

/// GB 11643-1999: weight of each of the first 17 digits (2^(18-i) mod 11).
const CHECK_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// GB 11643-1999: the check character for (Σ digit × weight) mod 11 = 0, 1, …, 10.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// First two digits of the region code: the provincial divisions of GB/T 2260, plus 71 (Taiwan),
/// 81/82 (Hong Kong, Macao), 83 (residence permits of Taiwan residents) and 91 (foreigners).
const PROVINCE_CODES: [u32; 36] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82, 83, 91,
];
const EARLIEST_BIRTH_YEAR: i32 = 1900;
/// Other ID types (passport, military officer card…): letters, digits and hyphens only.
const OTHER_ID_CHARS: std::ops::RangeInclusive<usize> = 5..=30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdNumberError {
    Empty,
    /// Neither 18 nor 15 characters (the count is in the message).
    WrongLength(usize),
    NotDigits,
    BadRegion,
    BadBirthDate,
    FutureBirthDate,
    /// `expected` is for logs and tests only: the message doesn't reveal it.
    BadCheckChar {
        expected: char,
    },
    /// A non-resident ID that isn't 5–30 letters, digits or hyphens.
    BadOtherId,
}

impl IdNumberError {
    pub fn zh(&self) -> String {
        match self {
            IdNumberError::Empty => "请填写证件号码".into(),
            IdNumberError::WrongLength(n) => format!("身份证号码应为18位（或15位旧号码），当前为{n}位，请核对"),
            IdNumberError::NotDigits => "身份证号码应由数字组成（18位号码最后一位可以是X），请核对".into(),
            IdNumberError::BadRegion => "身份证号码前两位不是有效的地区代码，请核对证件号码".into(),
            IdNumberError::BadBirthDate => "身份证号码中的出生日期无效，请核对证件号码".into(),
            IdNumberError::FutureBirthDate => "身份证号码中的出生日期晚于今天，请核对证件号码".into(),
            IdNumberError::BadCheckChar { .. } => "身份证号码校验位不正确，请核对证件号码".into(),
            IdNumberError::BadOtherId => "证件号码应为5至30位字母、数字或“-”，请按证件上的号码填写".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            IdNumberError::Empty => "Enter the ID number".into(),
            IdNumberError::WrongLength(n) => format!(
                "A resident ID number has 18 characters (or 15 for an old number), this one has {n}: please check it"
            ),
            IdNumberError::NotDigits => {
                "A resident ID number is made of digits (the 18th may be X): please check it".into()
            }
            IdNumberError::BadRegion => {
                "The first two digits are not a valid region code: please check the number".into()
            }
            IdNumberError::BadBirthDate => {
                "The birth date in the ID number is not valid: please check the number".into()
            }
            IdNumberError::FutureBirthDate => {
                "The birth date in the ID number is after today: please check the number".into()
            }
            IdNumberError::BadCheckChar { .. } => "The check character is wrong: please check the ID number".into(),
            IdNumberError::BadOtherId => {
                "An ID number has 5 to 30 letters, digits or “-”: enter it as printed on the document".into()
            }
        }
    }
}

/// Checks a resident ID number and returns it as stored: 18 characters, check character upper case.
/// A 15-digit number (issued before 1999: YYMMDD birth date, no check character) is converted as the
/// standard prescribes: `19` inserted before the year, check character appended. `today` is the date
/// in China; a birth date after it is refused.
pub fn normalize_id_number(raw: &str, today: (i32, u32, u32)) -> Result<String, IdNumberError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(IdNumberError::Empty);
    }
    let length = trimmed.chars().count();
    if length != 18 && length != 15 {
        return Err(IdNumberError::WrongLength(length));
    }
    let chars: Vec<char> = trimmed.chars().map(|c| to_half_width(c).to_ascii_uppercase()).collect();
    let first17: Vec<u32> = if length == 15 {
        let digits = digits_of(&chars).ok_or(IdNumberError::NotDigits)?;
        [&digits[..6], &[1, 9], &digits[6..]].concat()
    } else {
        digits_of(&chars[..17]).ok_or(IdNumberError::NotDigits)?
    };
    let expected = check_char(&first17);
    let given = if length == 15 { expected } else { chars[17] };
    if !(given.is_ascii_digit() || given == 'X') {
        return Err(IdNumberError::NotDigits);
    }
    if !PROVINCE_CODES.contains(&(first17[0] * 10 + first17[1])) {
        return Err(IdNumberError::BadRegion);
    }
    let birth = date_at(&first17[6..14]).ok_or(IdNumberError::BadBirthDate)?;
    if birth > today {
        return Err(IdNumberError::FutureBirthDate);
    }
    if given != expected {
        return Err(IdNumberError::BadCheckChar { expected });
    }
    let mut id: String = first17.iter().filter_map(|&d| char::from_digit(d, 10)).collect();
    id.push(expected);
    Ok(id)
}

/// The birth date in an 18-character ID number (or a 15-digit old one), if it is a valid date.
pub fn birth_date(id: &str) -> Option<(i32, u32, u32)> {
    let chars: Vec<char> = id.trim().chars().take(19).collect();
    match chars.len() {
        18 => date_at(&digits_of(&chars[6..14])?),
        15 => date_at(&[&[1, 9], &digits_of(&chars[6..12])?[..]].concat()),
        _ => None,
    }
}

/// Age in completed years on the date `on` (someone born on 29 February has a birthday on 1 March in
/// other years). `None` for an unreadable birth date or one after `on`.
pub fn age_on(id: &str, on: (i32, u32, u32)) -> Option<u32> {
    let (year, month, day) = birth_date(id)?;
    if (year, month, day) > on {
        return None;
    }
    let birthday_not_yet = (on.1, on.2) < (month, day);
    u32::try_from(on.0 - year - i32::from(birthday_not_yet)).ok()
}

/// For display: `110101********123X` (first 6, 8 `*`, last 4). Other lengths keep at most a third at the
/// front and a quarter at the end, so short passport numbers are not shown whole.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    let (head, tail) = ((chars.len() / 3).min(6), (chars.len() / 4).min(4));
    let hidden = chars.len() - head - tail;
    let mut masked: String = chars[..head].iter().collect();
    masked.extend(std::iter::repeat_n('*', hidden));
    masked.extend(&chars[chars.len() - tail..]);
    masked
}

/// The ID types of the registration form (SPEC §2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IdType {
    #[default]
    ResidentCard,
    MilitaryOfficer,
    Passport,
    Other,
}

impl IdType {
    pub const ALL: [IdType; 4] = [IdType::ResidentCard, IdType::MilitaryOfficer, IdType::Passport, IdType::Other];

    /// The stored and transmitted name.
    pub fn as_str(&self) -> &'static str {
        match self {
            IdType::ResidentCard => "resident",
            IdType::MilitaryOfficer => "military",
            IdType::Passport => "passport",
            IdType::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<IdType> {
        IdType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(value.trim()))
    }

    pub fn zh(&self) -> &'static str {
        match self {
            IdType::ResidentCard => "居民身份证",
            IdType::MilitaryOfficer => "军官证",
            IdType::Passport => "护照",
            IdType::Other => "其他证件",
        }
    }

    pub fn en(&self) -> &'static str {
        match self {
            IdType::ResidentCard => "Resident ID card",
            IdType::MilitaryOfficer => "Military officer card",
            IdType::Passport => "Passport",
            IdType::Other => "Other ID",
        }
    }
}

/// The ID number rule for a given type: the full GB 11643-1999 check for resident cards; for the others
/// (checked by hand later) trimmed, upper-cased, 5–30 ASCII letters, digits or hyphens.
pub fn check_id_for_type(id_type: IdType, raw: &str, today: (i32, u32, u32)) -> Result<String, IdNumberError> {
    if id_type == IdType::ResidentCard {
        return normalize_id_number(raw, today);
    }
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(IdNumberError::Empty);
    }
    let id: String =
        trimmed.chars().take(OTHER_ID_CHARS.end() + 1).map(|c| to_half_width(c).to_ascii_uppercase()).collect();
    let shape_ok = id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !shape_ok || !OTHER_ID_CHARS.contains(&id.chars().count()) {
        return Err(IdNumberError::BadOtherId);
    }
    Ok(id)
}

/// The numeric values of ASCII digits; `None` if any character is not one.
fn digits_of(chars: &[char]) -> Option<Vec<u32>> {
    chars.iter().map(|c| c.to_digit(10)).collect()
}

fn check_char(first17: &[u32]) -> char {
    let sum: u32 = first17.iter().zip(CHECK_WEIGHTS).map(|(digit, weight)| digit * weight).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Eight digits YYYYMMDD as a real calendar date from 1900 on.
fn date_at(digits: &[u32]) -> Option<(i32, u32, u32)> {
    let [y1, y2, y3, y4, m1, m2, d1, d2] = <[u32; 8]>::try_from(digits).ok()?;
    let year = i32::try_from(y1 * 1000 + y2 * 100 + y3 * 10 + y4).ok()?;
    let (month, day) = (m1 * 10 + m2, d1 * 10 + d2);
    let valid =
        year >= EARLIEST_BIRTH_YEAR && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then_some((year, month, day))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (i32, u32, u32) = (2026, 11, 24);

    // Known-valid numbers, check characters worked out by hand (digit × weight, summed, mod 11):
    // 11010519491231002X: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167, 167 mod 11 = 2 → 'X'
    // 110105199003071239: 7+9+0+5+0+20+2+9+54+0+0+27+0+35+8+8+6 = 190, mod 11 = 3 → '9'
    // 440304200002290014: 28+36+0+15+0+16+4+0+0+0+0+18+20+45+0+0+2 = 184, mod 11 = 8 → '4' (2000 is leap)
    // 110105202402290011: 7+9+0+5+0+20+4+0+12+12+0+18+20+45+0+0+2 = 154, mod 11 = 0 → '1' (2024 is leap)
    // 110105190002280011: 7+9+0+5+0+20+2+9+0+0+0+18+20+40+0+0+2 = 132, mod 11 = 0 → '1'
    // 110105198001011238: 7+9+0+5+0+20+2+9+48+0+0+9+0+5+8+8+6 = 136, mod 11 = 4 → '8'
    #[test]
    fn good_resident_numbers_are_normalized() {
        let cases = [
            ("11010519491231002X", "11010519491231002X"),
            ("11010519491231002x", "11010519491231002X"),
            ("  110105199003071239\t", "110105199003071239"),
            ("440304200002290014", "440304200002290014"),
            ("110105202402290011", "110105202402290011"),
            ("110105190002280011", "110105190002280011"),
            ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
            // 15-digit old numbers: `19` inserted before the year, check character computed.
            ("110105491231002", "11010519491231002X"),
            ("110105800101123", "110105198001011238"),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_id_number(raw, TODAY).as_deref(), Ok(expected), "{raw:?}");
        }
        // Born today is not in the future.
        assert!(normalize_id_number("11010519491231002X", (1949, 12, 31)).is_ok());
    }

    // The bad dates below carry their right check character, so only the date is wrong:
    // 110105199002310015: 7+9+0+5+0+20+2+9+54+0+0+18+30+5+0+0+2 = 161, mod 11 = 7 → '5'
    // 110105190002290017: 7+9+0+5+0+20+2+9+0+0+0+18+20+45+0+0+2 = 137, mod 11 = 5 → '7' (1900 not leap)
    // 110105200102290010: 7+9+0+5+0+20+4+0+0+3+0+18+20+45+0+0+2 = 133, mod 11 = 1 → '0'
    // 110105189912310015: 7+9+0+5+0+20+2+8+54+27+7+18+30+5+0+0+2 = 194, mod 11 = 7 → '5'
    // 110105209901010012: 7+9+0+5+0+20+4+0+54+27+0+9+0+5+0+0+2 = 142, mod 11 = 10 → '2'
    // 980101198001010012: 63+72+0+5+0+4+2+9+48+0+0+9+0+5+0+0+2 = 219, mod 11 = 10 → '2'
    #[test]
    fn bad_resident_numbers_get_distinct_errors() {
        let long = "字".repeat(10_000);
        let cases = [
            ("", IdNumberError::Empty),
            (" \u{3000} ", IdNumberError::Empty),
            ("11010519491231002", IdNumberError::WrongLength(17)),
            ("1101051949123100211", IdNumberError::WrongLength(19)),
            ("' OR 1=1 --", IdNumberError::WrongLength(11)),
            (long.as_str(), IdNumberError::WrongLength(10_000)),
            ("11010519491231002Y", IdNumberError::NotDigits),
            ("1101051949123100X2", IdNumberError::NotDigits),
            ("11010549123100X", IdNumberError::NotDigits),
            ("字字字字字字字字字字字字字字字字字字", IdNumberError::NotDigits),
            ("110105194912310021", IdNumberError::BadCheckChar { expected: 'X' }),
            ("110105199003071230", IdNumberError::BadCheckChar { expected: '9' }),
            ("110105199002310015", IdNumberError::BadBirthDate),
            ("110105190002290017", IdNumberError::BadBirthDate),
            ("110105200102290010", IdNumberError::BadBirthDate),
            ("110105189912310015", IdNumberError::BadBirthDate),
            ("110105199013010011", IdNumberError::BadBirthDate), // month 13; the date is checked first
            ("110105199001000011", IdNumberError::BadBirthDate), // day 0
            ("110105209901010012", IdNumberError::FutureBirthDate),
            ("980101198001010012", IdNumberError::BadRegion),
            ("000000198001010012", IdNumberError::BadRegion),
            ("110105991301002", IdNumberError::BadBirthDate), // 15 digits, month 13
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_id_number(raw, TODAY), Err(expected), "{raw:?}");
        }
        // A leap-day birth is in the future until that day comes.
        let leap = "110105202402290011";
        assert_eq!(normalize_id_number(leap, (2024, 2, 28)), Err(IdNumberError::FutureBirthDate));
    }

    #[test]
    fn messages_say_what_to_do() {
        assert!(IdNumberError::WrongLength(17).zh().contains("应为18位（或15位旧号码）"));
        assert!(IdNumberError::WrongLength(17).zh().contains("17"));
        assert_eq!(IdNumberError::BadCheckChar { expected: 'X' }.zh(), "身份证号码校验位不正确，请核对证件号码");
        assert!(!IdNumberError::BadCheckChar { expected: 'X' }.en().contains('X'), "not revealed");
        assert!(IdNumberError::FutureBirthDate.zh().contains("出生日期"));
    }

    #[test]
    fn birth_date_and_age() {
        assert_eq!(birth_date("11010519491231002X"), Some((1949, 12, 31)));
        assert_eq!(birth_date("110105491231002"), Some((1949, 12, 31)));
        assert_eq!(birth_date("110105199002310015"), None);
        for unreadable in ["", "abc", "字字字字字字字字字字字字字字字字字字", "11010519491231002"] {
            assert_eq!(birth_date(unreadable), None, "{unreadable:?}");
        }
        let cases = [
            ("11010519491231002X", (2026, 11, 24), Some(76)),
            ("11010519491231002X", (2026, 12, 30), Some(76)),
            ("11010519491231002X", (2026, 12, 31), Some(77)),
            ("11010519491231002X", (1949, 12, 31), Some(0)),
            ("11010519491231002X", (1949, 12, 30), None),
            ("110105202402290011", (2025, 2, 28), Some(0)),
            ("110105202402290011", (2025, 3, 1), Some(1)),
            ("110105202402290011", (2028, 2, 29), Some(4)),
            ("not an id", (2026, 1, 1), None),
        ];
        for (id, on, expected) in cases {
            assert_eq!(age_on(id, on), expected, "{id} on {on:?}");
        }
    }

    #[test]
    fn masking_keeps_only_the_ends() {
        let cases = [
            ("11010119800101123X", "110101********123X"),
            ("11010519491231002X", "110105********002X"),
            ("E12345678", "E12****78"),
            ("AB", "**"),
            ("", ""),
            ("张三李四王五赵六孙七周八吴九", "张三李四*******八吴九"),
        ];
        for (id, expected) in cases {
            assert_eq!(mask_id_number(id), expected, "{id:?}");
        }
    }

    #[test]
    fn id_types_round_trip() {
        for id_type in IdType::ALL {
            assert_eq!(IdType::parse(id_type.as_str()), Some(id_type));
            assert!(!id_type.zh().is_empty() && !id_type.en().is_empty());
        }
        assert_eq!(IdType::parse(" Passport "), Some(IdType::Passport));
        assert_eq!(IdType::parse("alien"), None);
        assert_eq!(IdType::parse(""), None);
        assert_eq!(IdType::default(), IdType::ResidentCard);
    }

    #[test]
    fn other_id_types_are_checked_for_shape_only() {
        let good = [
            (IdType::Passport, " e12345678 ", "E12345678"),
            (IdType::MilitaryOfficer, "ab-12345", "AB-12345"),
            (IdType::Other, "G1234", "G1234"),
            (IdType::ResidentCard, "11010519491231002x", "11010519491231002X"),
        ];
        for (id_type, raw, expected) in good {
            assert_eq!(check_id_for_type(id_type, raw, TODAY).as_deref(), Ok(expected), "{raw:?}");
        }
        let long = "A".repeat(10_000);
        let bad = [
            (IdType::Passport, "", IdNumberError::Empty),
            (IdType::Passport, "G123", IdNumberError::BadOtherId),
            (IdType::Passport, &long, IdNumberError::BadOtherId),
            (IdType::Passport, "AB 12345", IdNumberError::BadOtherId),
            (IdType::MilitaryOfficer, "军字第123456号", IdNumberError::BadOtherId),
            (IdType::Other, "' OR 1=1 --", IdNumberError::BadOtherId),
            (IdType::ResidentCard, "E12345678", IdNumberError::WrongLength(9)),
        ];
        for (id_type, raw, expected) in bad {
            assert_eq!(check_id_for_type(id_type, raw, TODAY), Err(expected), "{raw:?}");
        }
    }
}
