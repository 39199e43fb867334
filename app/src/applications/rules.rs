//! The expert application's rules (SPEC §4): month fields, the age limit, the list limits, and which
//! education records can be checked online (seed 001: diplomas from 2002, degrees from September 2008).

/// Applicants older than this on the submission date can't apply. [65]
pub const MAX_AGE: u32 = 65;
pub const MAX_CERTIFICATES: usize = 3;
pub const MAX_EDUCATION_RECORDS: usize = 5;
pub const MIN_SPECIALTIES: usize = 1;
pub const MAX_SPECIALTIES: usize = 6;
/// Diplomas (专科 and above) from this year on are in the national online registry (学信网).
pub const DIPLOMA_ONLINE_FROM: (i32, u32) = (2002, 1);
/// Degrees from this month on are in the online registry.
pub const DEGREE_ONLINE_FROM: (i32, u32) = (2008, 9);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplicationError {
    Month,
    MonthInFuture,
    MonthOrder,
    TooOld { age: u32 },
    TooMany { what: &'static str, what_en: &'static str, max: usize },
    TooFewSpecialties,
}

impl ApplicationError {
    pub fn zh(&self) -> String {
        match self {
            Self::Month => "请按“年-月”填写，例如 2015-07".into(),
            Self::MonthInFuture => "日期不能晚于本月".into(),
            Self::MonthOrder => "结束时间不能早于开始时间".into(),
            Self::TooOld { age } => format!("申请人提交时已满{age}周岁，超过{MAX_AGE}周岁无法申请成为专家"),
            Self::TooMany { what, max, .. } => format!("{what}最多{max}项"),
            Self::TooFewSpecialties => format!("请至少选择{MIN_SPECIALTIES}个评标专业"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Self::Month => "Write it as year-month, e.g. 2015-07".into(),
            Self::MonthInFuture => "The date can't be after this month".into(),
            Self::MonthOrder => "The end can't be before the start".into(),
            Self::TooOld { age } => {
                format!("You are {age} on the submission date: applicants over {MAX_AGE} can't apply")
            }
            Self::TooMany { what_en, max, .. } => format!("At most {max} {what_en}"),
            Self::TooFewSpecialties => format!("Choose at least {MIN_SPECIALTIES} specialty"),
        }
    }
}

impl crate::rules::RuleError for ApplicationError {
    fn zh(&self) -> String {
        ApplicationError::zh(self)
    }
    fn en(&self) -> String {
        ApplicationError::en(self)
    }
}

/// `YYYY-MM` (also `YYYY-M`, `YYYY/MM`, `YYYY.MM`), not after `today`'s month: the normalized `YYYY-MM`.
pub fn check_month(raw: &str, today: (i32, u32, u32)) -> Result<String, ApplicationError> {
    let (year, month) = parse_month(raw).ok_or(ApplicationError::Month)?;
    if (year, month) > (today.0, today.1) {
        return Err(ApplicationError::MonthInFuture);
    }
    Ok(format!("{year:04}-{month:02}"))
}

/// The year and month of a `YYYY-MM` text.
pub fn parse_month(raw: &str) -> Option<(i32, u32)> {
    let raw = raw.trim();
    let (year, month) = raw.split_once(['-', '/', '.'])?;
    let (year, month): (i32, u32) = (year.trim().parse().ok()?, month.trim().parse().ok()?);
    ((1900..=2200).contains(&year) && (1..=12).contains(&month) && year.to_string().len() == 4).then_some((year, month))
}

/// A period: the start, and the end (`""` for "until now") not before it.
pub fn check_period(start: &str, end: &str, today: (i32, u32, u32)) -> Result<(String, String), ApplicationError> {
    let start = check_month(start, today)?;
    if end.trim().is_empty() {
        return Ok((start, String::new()));
    }
    let end = check_month(end, today)?;
    if end < start {
        return Err(ApplicationError::MonthOrder);
    }
    Ok((start, end))
}

/// The age limit on the submission date, from the ID number's birth date.
pub fn check_age(id_number: &str, on: (i32, u32, u32)) -> Result<(), ApplicationError> {
    match crate::rules::age_on(id_number, on) {
        Some(age) if age > MAX_AGE => Err(ApplicationError::TooOld { age }),
        _ => Ok(()),
    }
}

pub fn check_count(n: usize, max: usize, what: &'static str, what_en: &'static str) -> Result<(), ApplicationError> {
    if n > max {
        return Err(ApplicationError::TooMany { what, what_en, max });
    }
    Ok(())
}

pub fn check_specialty_count(n: usize) -> Result<(), ApplicationError> {
    if n < MIN_SPECIALTIES {
        return Err(ApplicationError::TooFewSpecialties);
    }
    check_count(n, MAX_SPECIALTIES, "评标专业", "specialties")
}

/// Whether the registry can confirm a record online: the diploma from 2002, the degree (if any) from
/// September 2008. Anything older is checked on site.
pub fn checked_online(graduated_month: &str, degree_month: &str) -> bool {
    let diploma_ok = parse_month(graduated_month).is_some_and(|m| m >= DIPLOMA_ONLINE_FROM);
    let degree_ok =
        degree_month.trim().is_empty() || parse_month(degree_month).is_some_and(|m| m >= DEGREE_ONLINE_FROM);
    diploma_ok && degree_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (i32, u32, u32) = (2026, 11, 23);

    #[test]
    fn months_are_normalized_and_not_in_the_future() {
        assert_eq!(check_month("2015-7", TODAY).unwrap(), "2015-07");
        assert_eq!(check_month(" 2015/07 ", TODAY).unwrap(), "2015-07");
        assert_eq!(check_month("2026-11", TODAY).unwrap(), "2026-11");
        assert_eq!(check_month("2026-12", TODAY), Err(ApplicationError::MonthInFuture));
        for bad in ["", "2015", "15-07", "2015-13", "2015-00", "abcd-ef", "２０１５-07", "2015-07-01"] {
            assert_eq!(check_month(bad, TODAY), Err(ApplicationError::Month), "{bad}");
        }
    }

    #[test]
    fn periods_end_after_they_start_or_run_until_now() {
        assert_eq!(check_period("2010-01", "", TODAY).unwrap(), ("2010-01".into(), String::new()));
        assert_eq!(check_period("2010-01", "2009-12", TODAY), Err(ApplicationError::MonthOrder));
        assert!(check_period("2010-01", "2010-01", TODAY).is_ok());
    }

    #[test]
    fn sixty_six_is_too_old_sixty_five_is_not() {
        // Born 1960-11-24: 65 on 2026-11-23, 66 the next day.
        let id = "110105196011240015";
        assert!(crate::rules::age_on(id, TODAY).is_some());
        assert_eq!(check_age(id, TODAY), Ok(()));
        assert_eq!(check_age(id, (2027, 11, 24)), Err(ApplicationError::TooOld { age: 67 }));
        assert_eq!(check_age(id, (2026, 11, 24)), Err(ApplicationError::TooOld { age: 66 }));
    }

    #[test]
    fn list_limits() {
        assert!(check_count(3, MAX_CERTIFICATES, "执业资格证书", "certificates").is_ok());
        assert_eq!(
            check_count(4, MAX_CERTIFICATES, "执业资格证书", "certificates").unwrap_err().zh(),
            "执业资格证书最多3项"
        );
        assert_eq!(check_specialty_count(0), Err(ApplicationError::TooFewSpecialties));
        assert!(check_specialty_count(6).is_ok());
        assert!(check_specialty_count(7).is_err());
    }

    #[test]
    fn online_check_from_2002_diplomas_and_september_2008_degrees() {
        assert!(checked_online("2002-07", ""));
        assert!(!checked_online("2001-07", ""));
        assert!(checked_online("2008-09", "2008-09"));
        assert!(!checked_online("2008-07", "2008-08"));
        assert!(!checked_online("", ""));
    }
}
