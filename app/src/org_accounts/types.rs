//! What crosses the network for organization accounts, and the checks the page runs before sending
//! (the server runs them again).
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Problems, Text};
use crate::rules::{check_confirmation, check_username};

/// The organization signed in with its own account, as the header and its centre show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgAccountMe {
    pub org_id: i64,
    pub full_name: String,
    pub login_name: String,
    pub uscc: String,
    /// unverified / pending / verified / rejected
    pub verification: String,
    pub verification_reason: Option<String>,
    pub has_licence: bool,
    /// The 主代办人's phone, masked: where codes and messages go.
    pub agent_phone_masked: String,
    /// Set by an approved appeal's temporary password.
    pub must_change_password: bool,
}

/// Opening the organization's account: its login name and password (chosen by its admin).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgCredentialsInput {
    pub org_id: i64,
    pub login_name: String,
    pub password: String,
    pub password_again: String,
}

/// The login name and confirmation checked; the password's policy is checked by the server (it knows
/// the profile), and by the page's live checklist.
pub fn check_credentials_form(input: &OrgCredentialsInput) -> Result<String, AppError> {
    let mut problems = Problems::default();
    let login_name = problems.check("login_name", check_username(&input.login_name));
    problems.check("password_again", check_confirmation(&input.password, &input.password_again));
    problems.into_result()?;
    login_name.ok_or_else(|| AppError::invalid("login_name", "请填写登录名", "Enter a login name"))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgSignInInput {
    /// The login name or the unified social credit code.
    pub identifier: String,
    pub password: String,
    pub captcha: Option<String>,
}

/// Verification states in words, as for persons.
pub fn verification_label(state: &str) -> (&'static str, &'static str) {
    match state {
        "pending" => ("审核中", "Being reviewed"),
        "verified" => ("已认证", "Verified"),
        "rejected" => ("未通过", "Not approved"),
        _ => ("未认证", "Not verified"),
    }
}

/// One organization waiting for support's decision on its licence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgVerificationItem {
    pub org_id: i64,
    pub full_name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    pub agent_name: String,
    pub submitted_ms: i64,
}

/// The legal-entity appeal (法人申诉): the current full name, the credit code, and a phone proven by
/// SMS code (of the 主代办人, anyone the organization names). The two files are uploaded first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgAppealInput {
    pub full_name: String,
    pub uscc: String,
    pub phone: String,
    pub code: String,
}

/// The appeal's two files (seed 002: the licence copy where the ID front goes, the change statement
/// where the back goes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgAppealFile {
    Licence,
    Statement,
}

impl OrgAppealFile {
    pub const ALL: [OrgAppealFile; 2] = [OrgAppealFile::Licence, OrgAppealFile::Statement];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgAppealFile::Licence => "licence",
            OrgAppealFile::Statement => "statement",
        }
    }

    pub fn parse(value: &str) -> Option<OrgAppealFile> {
        Self::ALL.into_iter().find(|f| f.as_str() == value)
    }

    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            OrgAppealFile::Licence => (
                "营业执照复印件（正反面，主代办人签字并加盖公章）",
                "Business licence copy (both sides, signed by the agent and stamped)",
            ),
            OrgAppealFile::Statement => ("单位变更声明（加盖公章）", "Change statement (stamped)"),
        }
    }
}

/// One legal-entity appeal in the support queue, beside the organization it claims.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgAppealItem {
    pub appeal_id: i64,
    pub stated_name: String,
    pub registered_name: String,
    pub uscc: String,
    pub login_name: Option<String>,
    pub phone_masked: String,
    pub created_ms: i64,
}

/// What a refused appeal or recovery says about a name and code that don't belong together.
pub fn no_such_org() -> AppError {
    AppError::Refused(Text::new(
        "未找到单位名称与统一社会信用代码都一致的单位，请核对后再试",
        "No organization has exactly this name and credit code: check both",
    ))
}
