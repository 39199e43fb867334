//! What crosses the network for supervising units, and the unit form's validation (page and server).
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldError, Problems, Text};
use crate::rules::check_required;

/// The two kinds of supervising unit (主管外专局类型): (key, 中文, English).
pub const UNIT_LEVELS: &[(&str, &str, &str)] =
    &[("provincial", "省级外专局", "Provincial bureau"), ("municipal", "市级外专局", "Municipal bureau")];

pub fn unit_level(key: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    UNIT_LEVELS.iter().find(|level| level.0 == key)
}

fn no_level() -> Text {
    Text::new("请选择主管外专局类型", "Choose the kind of unit")
}

/// The unit type named by `key`, or the form's message for the `level` field.
pub fn known_level(key: &str) -> Result<&'static (&'static str, &'static str, &'static str), AppError> {
    unit_level(key).ok_or_else(|| AppError::Invalid(vec![FieldError::new("level", no_level())]))
}

pub const UNIT_NAME_MAX_CHARS: usize = 60;
pub const REASON_MAX_CHARS: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitInput {
    pub name: String,
    pub level: String,
    /// A province for a provincial unit, a city for a municipal one.
    pub region_code: String,
    /// The user name of the approving admin (a real-name-verified person).
    pub approver_username: String,
}

/// A unit form that passed the field rules (the region and the approver are checked against the data).
#[derive(Clone, Debug, PartialEq)]
pub struct ValidUnit {
    pub name: String,
    pub level: &'static str,
    pub region_code: String,
    pub approver_username: String,
}

pub fn validate_unit(input: &UnitInput) -> Result<ValidUnit, AppError> {
    let mut problems = Problems::default();
    let name = problems.check("name", check_required("单位名称", "unit name", &input.name, UNIT_NAME_MAX_CHARS));
    let level = unit_level(&input.level).map(|level| level.0);
    if level.is_none() {
        problems.add("level", no_level());
    }
    let region_code = input.region_code.trim().to_string();
    if region_code.is_empty() {
        problems.add("region_code", Text::new("请选择所在地区", "Choose the unit's region"));
    }
    let approver_username = input.approver_username.trim().to_string();
    if approver_username.is_empty() {
        problems
            .add("approver_username", Text::new("请填写审批管理员的用户名", "Enter the approving admin's user name"));
    }
    problems.into_result()?;
    let (Some(name), Some(level)) = (name, level) else {
        return Err(AppError::invalid("form", "表单不完整", "The form is incomplete"));
    };
    Ok(ValidUnit { name, level, region_code, approver_username })
}

/// A reason (return, hand-over): required, at most [`REASON_MAX_CHARS`].
pub fn check_reason(raw: &str) -> Result<String, AppError> {
    let reason = raw.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
        return Err(AppError::invalid(
            "reason",
            "请填写原因（不超过200字）",
            "Give the reason (at most 200 characters)",
        ));
    }
    Ok(reason.to_string())
}

/// A unit as an organization chooses it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitChoice {
    pub unit_id: i64,
    pub name: String,
    pub region_name: String,
}

/// One hand-over of a unit's approving admin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub from_name: String,
    pub to_name: String,
    pub by_username: String,
    pub reason: String,
    pub created_ms: i64,
}

/// A unit as the system admin manages it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitAdminView {
    pub unit_id: i64,
    pub name: String,
    pub level: String,
    pub region_name: String,
    pub approver_name: String,
    pub approver_username: String,
    pub handovers: Vec<Handover>,
}

/// Where an organization's approval by its supervising unit stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgUnitStatus {
    /// none, pending, approved or returned.
    pub status: String,
    pub unit_name: Option<String>,
    pub level: Option<String>,
    pub reason: Option<String>,
}

/// An organization waiting for the approving admin's decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingOrg {
    pub org_id: i64,
    pub full_name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    pub unit_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_needs_every_field_and_a_known_level() {
        let good = UnitInput {
            name: " 北京市外国专家局 ".into(),
            level: "provincial".into(),
            region_code: "110000".into(),
            approver_username: "demo_unit".into(),
        };
        assert_eq!(validate_unit(&good).unwrap().name, "北京市外国专家局");
        let err = validate_unit(&UnitInput { level: "county".into(), ..Default::default() }).unwrap_err();
        for field in ["name", "level", "region_code", "approver_username"] {
            assert!(err.field_text(field).is_some(), "{field}: {err:?}");
        }
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert!(check_reason("  ").is_err());
        assert!(check_reason(&"字".repeat(201)).is_err());
        assert_eq!(check_reason(" 材料不全 ").unwrap(), "材料不全");
    }
}
