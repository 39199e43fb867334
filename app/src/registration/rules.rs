//! Registration rules that need no database: the editing rules by status, the validity of passed
//! subjects, the specialty a returning candidate is held to, fees, and the fee and year checks shared
//! with the admin forms (free text uses `crate::rules::check_required`).
use crate::registration::types::{DetailsInput, LevelView, PassedSubject, EDITABLE_FIELDS};
use crate::rules::RuleError;

/// Fields that decide the fee and the seat: never changed after paying (seed 001, question 17).
pub const FIXED_AFTER_PAYMENT: [&str; 4] = ["level", "specialty", "subjects", "site"];

#[derive(Clone, Debug, PartialEq)]
pub enum RegRuleError {
    /// After confirming or review, a field the window keeps fixed.
    FixedAfterConfirm(String),
    FixedAfterPayment,
    Fee,
    Year,
}

impl RuleError for RegRuleError {
    fn zh(&self) -> String {
        match self {
            Self::FixedAfterConfirm(field) => format!(
                "报名信息已确认（或已审核），「{}」不允许修改；如确需修改，请联系当地人事考试机构",
                field_name(field).0
            ),
            Self::FixedAfterPayment => "缴费成功后，不允许修改报考级别、专业、科目和考点等报考信息".into(),
            Self::Fee => "请填写每科报名费（元），例如 56 或 56.50".into(),
            Self::Year => "请填写四位年份".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::FixedAfterConfirm(field) => format!(
                "The registration is confirmed (or reviewed): the {} can't be changed now; ask the exam office",
                field_name(field).1
            ),
            Self::FixedAfterPayment => "After paying, the level, specialty, subjects and exam site can't change".into(),
            Self::Fee => "Enter the fee per subject in yuan, e.g. 56 or 56.50".into(),
            Self::Year => "Enter a four-digit year".into(),
        }
    }
}

fn field_name(field: &str) -> (&'static str, &'static str) {
    EDITABLE_FIELDS.iter().find(|(f, ..)| *f == field).map(|(_, zh, en)| (*zh, *en)).unwrap_or(("报名信息", "field"))
}

/// The fields that differ between the stored details and the new ones, by [`EDITABLE_FIELDS`] name.
pub fn changed_fields(old: &DetailsInput, new: &DetailsInput) -> Vec<&'static str> {
    let mut old_subjects = old.subject_codes.clone();
    let mut new_subjects = new.subject_codes.clone();
    old_subjects.sort();
    new_subjects.sort();
    [
        ("level", old.level_code != new.level_code),
        ("specialty", old.specialty_id != new.specialty_id),
        ("subjects", old_subjects != new_subjects),
        ("site", old.site_id != new.site_id),
        ("work_unit", old.work_unit != new.work_unit),
        ("contact_address", old.contact_address != new.contact_address),
    ]
    .into_iter()
    .filter_map(|(field, changed)| changed.then_some(field))
    .collect()
}

/// Before confirming anything may change; after confirming (or review) only what the window allows;
/// after paying never the level, specialty, subjects or site.
pub fn check_edit(status: &str, changed: &[&str], editable_after_confirm: &[String]) -> Result<(), RegRuleError> {
    if status == "draft" {
        return Ok(());
    }
    if status == "paid" && changed.iter().any(|f| FIXED_AFTER_PAYMENT.contains(f)) {
        return Err(RegRuleError::FixedAfterPayment);
    }
    match changed.iter().find(|f| !editable_after_confirm.iter().any(|e| e == *f)) {
        Some(field) => Err(RegRuleError::FixedAfterConfirm(field.to_string())),
        None => Ok(()),
    }
}

/// The last exam year a subject passed in `passed_year` counts for ([2] years rolling: passed in 2025,
/// valid for the 2025 and 2026 exams).
pub fn valid_until(passed_year: i64, valid_years: i64) -> i64 {
    passed_year + valid_years - 1
}

pub fn still_valid(passed_year: i64, exam_year: i64, valid_years: i64) -> bool {
    passed_year < exam_year && valid_until(passed_year, valid_years) >= exam_year
}

/// The specialty whose subjects are all passed (it can't be changed then; seed 001, question 16).
pub fn locked_specialty<'a>(
    specialties: impl IntoIterator<Item = (i64, &'a [String])>,
    passed: &[String],
) -> Option<i64> {
    specialties
        .into_iter()
        .find(|(_, subjects)| !subjects.is_empty() && subjects.iter().all(|s| passed.contains(s)))
        .map(|(id, _)| id)
}

/// [`locked_specialty`] for a level of the catalog and the passed subjects (of any level).
pub fn locked_specialty_of(level: Option<&LevelView>, passed: &[PassedSubject]) -> Option<i64> {
    let level = level?;
    let passed: Vec<String> = passed.iter().filter(|p| p.level_code == level.code).map(|p| p.code.clone()).collect();
    let specialties: Vec<(i64, Vec<String>)> =
        level.specialties.iter().map(|s| (s.id, s.subjects.iter().map(|x| x.code.clone()).collect())).collect();
    locked_specialty(specialties.iter().map(|(id, codes)| (*id, codes.as_slice())), &passed)
}

pub fn fee_fen(subject_count: usize, fee_per_subject_fen: i64) -> i64 {
    subject_count as i64 * fee_per_subject_fen
}

/// "56", "56.5" or "56.50" yuan → 5650 fen; at most 10 000 yuan a subject.
pub fn check_fee_yuan(text: &str) -> Result<i64, RegRuleError> {
    let text = text.trim();
    let (whole, cents) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if text.ends_with('.')
        || !digits(whole)
        || whole.len() > 5
        || cents.len() > 2
        || (!cents.is_empty() && !digits(cents))
    {
        return Err(RegRuleError::Fee);
    }
    let yuan: i64 = whole.parse().map_err(|_| RegRuleError::Fee)?;
    let cents: i64 = format!("{cents:0<2}").parse().map_err(|_| RegRuleError::Fee)?;
    let fen = yuan * 100 + cents;
    if fen > 1_000_000 {
        return Err(RegRuleError::Fee);
    }
    Ok(fen)
}

pub fn check_year(year: i64) -> Result<i64, RegRuleError> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(RegRuleError::Year)
    }
}

/// "56.00 元" from 5600 fen.
pub fn yuan_text(fen: i64, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Zh => format!("{}.{:02} 元", fen / 100, fen % 100),
        crate::i18n::Lang::En => format!("CNY {}.{:02}", fen / 100, fen % 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(level: &str, subjects: &[&str], site: i64) -> DetailsInput {
        DetailsInput {
            level_code: level.into(),
            specialty_id: Some(1),
            subject_codes: subjects.iter().map(|s| s.to_string()).collect(),
            site_id: Some(site),
            work_unit: "单位".into(),
            contact_address: "地址".into(),
        }
    }

    #[test]
    fn changed_fields_ignore_subject_order() {
        let old = details("2", &["a", "b"], 1);
        assert!(changed_fields(&old, &details("2", &["b", "a"], 1)).is_empty());
        assert_eq!(changed_fields(&old, &details("3", &["a"], 2)), vec!["level", "subjects", "site"]);
    }

    #[test]
    fn editing_rules_follow_the_status() {
        let editable = vec!["work_unit".to_string(), "site".to_string()];
        assert_eq!(check_edit("draft", &["level", "site"], &[]), Ok(()));
        assert_eq!(check_edit("confirmed", &["work_unit", "site"], &editable), Ok(()));
        assert_eq!(
            check_edit("confirmed", &["contact_address"], &editable),
            Err(RegRuleError::FixedAfterConfirm("contact_address".into()))
        );
        assert!(check_edit("confirmed", &["contact_address"], &editable).unwrap_err().zh().contains("通讯地址"));
        // After paying the site is fixed even where the window allowed it before.
        assert_eq!(check_edit("paid", &["site"], &editable), Err(RegRuleError::FixedAfterPayment));
        assert_eq!(check_edit("paid", &["work_unit"], &editable), Ok(()));
        assert_eq!(check_edit("paid", &[], &[]), Ok(()));
    }

    #[test]
    fn passed_subjects_count_for_a_rolling_window() {
        assert!(still_valid(2025, 2026, 2));
        assert!(!still_valid(2024, 2026, 2));
        assert!(still_valid(2024, 2026, 3));
        assert!(!still_valid(2026, 2026, 2), "this year's own results don't carry into this year");
        assert_eq!(valid_until(2025, 2), 2026);
    }

    #[test]
    fn a_fully_passed_specialty_is_locked() {
        let hr = vec!["21".to_string(), "22".to_string()];
        let tax = vec!["31".to_string()];
        let specialties = [(1, hr.as_slice()), (2, tax.as_slice())];
        assert_eq!(locked_specialty(specialties, &["21".into()]), None);
        assert_eq!(locked_specialty(specialties, &["21".into(), "22".into()]), Some(1));
        assert_eq!(locked_specialty([(3, &[][..])], &[]), None);
    }

    #[test]
    fn fees_are_yuan_with_at_most_two_decimals() {
        assert_eq!(check_fee_yuan("56"), Ok(5600));
        assert_eq!(check_fee_yuan(" 56.5 "), Ok(5650));
        assert_eq!(check_fee_yuan("0.05"), Ok(5));
        for bad in ["", "-1", "56.555", "5 6", "abc", ".5", "56.", "100001", "１２"] {
            assert_eq!(check_fee_yuan(bad), Err(RegRuleError::Fee), "{bad}");
        }
        assert_eq!(fee_fen(3, 5600), 16800);
        assert_eq!(yuan_text(16805, crate::i18n::Lang::Zh), "168.05 元");
        assert_eq!(yuan_text(16805, crate::i18n::Lang::En), "CNY 168.05");
    }
}
