//! What crosses the network for organizations, the fixed role catalog, and the registration form's
//! validation (run by the page before sending and by the server before writing).
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Problems, Text};
use crate::rules::{check_landline, check_name, check_required, check_uscc};

/// A role an organization can hold and grant to its people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrgRole {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// What the role lets its holder do for the organization (listed on 授权我的单位; the server enforces it).
    pub opens: (&'static str, &'static str),
}

/// The role that opens the organization's staff results and certificates (seed 003 方式三).
pub const STAFF_RESULTS_ROLE: &str = "training_manager";

/// What every grant opens: its holder counts as the organization's staff.
const COUNTED_AS_STAFF: (&str, &str) = (
    "列为本单位人员：考试结果和证书对本单位培训管理员可见",
    "Counted as staff: the training manager sees your exam results and certificates",
);

/// The grantable roles (also listed in the `organization_roles` CHECK of migration 0003).
pub const ORG_ROLES: &[OrgRole] = &[
    OrgRole { key: "agency_staff", zh: "代理机构从业人员", en: "Agency staff", opens: COUNTED_AS_STAFF },
    OrgRole { key: "evaluation_expert", zh: "评审专家", en: "Evaluation expert", opens: COUNTED_AS_STAFF },
    OrgRole {
        key: "training_manager",
        zh: "培训管理员",
        en: "Training manager",
        opens: (
            "查看本单位人员的考试结果和证书（本人亦列为本单位人员）",
            "See the staff's exam results and certificates (and counted as staff)",
        ),
    },
];

pub fn org_role(key: &str) -> Option<&'static OrgRole> {
    ORG_ROLES.iter().find(|r| r.key == key)
}

/// Who represents the organization legally (法定代表人 / 负责人 / 其他).
pub const LEGAL_REP_TYPES: &[(&str, &str, &str)] = &[
    ("legal_person", "法定代表人", "Legal representative"),
    ("principal", "负责人", "Person in charge"),
    ("other", "其他", "Other"),
];

pub const ORG_NAME_MAX_CHARS: usize = 100;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgRegisterInput {
    pub full_name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    pub legal_rep_type: String,
    pub contact_phone: String,
    /// Keys from [`ORG_ROLES`]: the roles the organization holds.
    pub roles: Vec<String>,
}

/// A registration that passed every field rule, normalized as it will be stored.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOrg {
    pub full_name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    pub legal_rep_type: String,
    pub contact_phone: String,
    pub roles: Vec<String>,
}

pub fn validate_org(input: &OrgRegisterInput) -> Result<ValidOrg, AppError> {
    let mut problems = Problems::default();
    let full_name = problems
        .check("full_name", check_required("单位名称", "organization name", &input.full_name, ORG_NAME_MAX_CHARS));
    let uscc = problems.check("uscc", check_uscc(&input.uscc));
    let legal_rep_name = problems.check("legal_rep_name", check_name(&input.legal_rep_name));
    let legal_rep_type = LEGAL_REP_TYPES.iter().find(|t| t.0 == input.legal_rep_type).map(|t| t.0.to_string());
    if legal_rep_type.is_none() {
        problems.add("legal_rep_type", Text::new("请选择法定代表人类型", "Choose the type of legal representative"));
    }
    let contact_phone = problems.check("contact_phone", check_landline(&input.contact_phone));
    let roles: Vec<String> =
        ORG_ROLES.iter().filter(|r| input.roles.iter().any(|k| k == r.key)).map(|r| r.key.to_string()).collect();
    if input.roles.iter().any(|k| org_role(k).is_none()) {
        problems.add("roles", Text::new("所选角色不存在，请重新选择", "Unknown role: choose again"));
    } else if roles.is_empty() {
        problems.add(
            "roles",
            Text::new("请至少选择一项本单位持有的角色", "Choose at least one role the organization holds"),
        );
    }
    problems.into_result()?;
    let (Some(full_name), Some(uscc), Some(legal_rep_name), Some(legal_rep_type), Some(contact_phone)) =
        (full_name, uscc, legal_rep_name, legal_rep_type, contact_phone)
    else {
        return Err(AppError::invalid("form", "表单不完整", "The form is incomplete"));
    };
    Ok(ValidOrg { full_name, uscc, legal_rep_name, legal_rep_type, contact_phone, roles })
}

/// An organization as its admin sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub org_id: i64,
    pub full_name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    pub legal_rep_type: String,
    pub contact_phone: String,
    pub roles: Vec<String>,
    /// The organization's own account (单位用户), once its admin opened it.
    #[serde(default)]
    pub login_name: Option<String>,
    /// unverified / pending / verified / rejected (by its business licence).
    #[serde(default)]
    pub verification: String,
}

/// A verified person found by the admin: masked data only, with their grants in this organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoundPerson {
    pub user_id: i64,
    pub real_name: String,
    pub id_number_masked: String,
    pub phone_masked: String,
    pub roles: Vec<String>,
}

/// One person's grants in the admin's organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrantedPerson {
    pub user_id: i64,
    pub real_name: String,
    pub id_number_masked: String,
    pub roles: Vec<String>,
}

/// An organization that authorized the signed-in person, with the roles it granted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Authorization {
    pub org_id: i64,
    pub org_name: String,
    pub roles: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> OrgRegisterInput {
        OrgRegisterInput {
            full_name: " 某某招标代理有限公司 ".into(),
            uscc: "91350100M000100Y43".into(),
            legal_rep_name: "张 三".into(),
            legal_rep_type: "legal_person".into(),
            contact_phone: "0591-87654321".into(),
            roles: vec!["agency_staff".into()],
        }
    }

    #[test]
    fn a_valid_registration_is_normalized() {
        let valid = validate_org(&input()).unwrap();
        assert_eq!(valid.full_name, "某某招标代理有限公司");
        assert_eq!(valid.roles, vec!["agency_staff".to_string()]);
    }

    #[test]
    fn every_field_is_reported() {
        let bad = OrgRegisterInput::default();
        let err = validate_org(&bad).unwrap_err();
        for field in ["full_name", "uscc", "legal_rep_name", "legal_rep_type", "contact_phone", "roles"] {
            assert!(err.field_text(field).is_some(), "{field}: {err:?}");
        }
        assert_eq!(err.field_text("legal_rep_type").unwrap().zh, "请选择法定代表人类型");
        let unknown = OrgRegisterInput { roles: vec!["system_admin".into()], ..input() };
        assert!(validate_org(&unknown).unwrap_err().field_text("roles").is_some());
    }
}
