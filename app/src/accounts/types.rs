//! What crosses the network for accounts. Secrets that the server holds (password hashes) are never in
//! these types: they live in `ssr::users::UserRow`, which is not `Serialize`.
use serde::{Deserialize, Serialize};

/// What an SMS code may be used for; a code sent for one purpose is refused for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodePurpose {
    Register,
    SignIn,
    RecoverUsername,
    ResetPassword,
    ChangePhone,
    /// To the new phone of an account appeal (申诉): any number the person can receive SMS on.
    Appeal,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::Register => "register",
            CodePurpose::SignIn => "sign_in",
            CodePurpose::RecoverUsername => "recover_username",
            CodePurpose::ResetPassword => "reset_password",
            CodePurpose::ChangePhone => "change_phone",
            CodePurpose::Appeal => "appeal",
        }
    }
    pub fn parse(text: &str) -> Option<CodePurpose> {
        [
            CodePurpose::Register,
            CodePurpose::SignIn,
            CodePurpose::RecoverUsername,
            CodePurpose::ResetPassword,
            CodePurpose::ChangePhone,
            CodePurpose::Appeal,
        ]
        .into_iter()
        .find(|p| p.as_str() == text)
    }
    pub fn en_action(self) -> &'static str {
        match self {
            CodePurpose::Register => "registering",
            CodePurpose::SignIn => "signing in",
            CodePurpose::RecoverUsername => "finding the user name",
            CodePurpose::ResetPassword => "resetting the password",
            CodePurpose::ChangePhone => "changing the phone",
            CodePurpose::Appeal => "an account appeal",
        }
    }
    /// The words used in the message body, so the user knows what the code is for.
    pub fn zh_action(self) -> &'static str {
        match self {
            CodePurpose::Register => "注册账号",
            CodePurpose::SignIn => "登录",
            CodePurpose::RecoverUsername => "找回用户名",
            CodePurpose::ResetPassword => "重置密码",
            CodePurpose::ChangePhone => "更换手机号",
            CodePurpose::Appeal => "提交账号申诉",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterInput {
    pub real_name: String,
    /// "resident" | "military" | "passport" | "other"
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub sms_code: String,
    pub username: String,
    pub password: String,
    pub password_again: String,
    /// Optional; when given, an answer is required.
    pub security_question: String,
    pub security_answer: String,
    /// 我已阅读并同意《用户服务协议》和《隐私政策》 (their current versions are recorded). Missing: not
    /// accepted, said as such (an older page never sends it).
    #[serde(default)]
    pub accept_policies: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordSignInInput {
    /// User name, phone number or ID number.
    pub identifier: String,
    pub password: String,
    /// The image captcha, once required.
    pub captcha: Option<String>,
}

/// The signed-in user as the browser sees it: personal data masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub real_name: String,
    pub id_type: String,
    pub id_number_masked: String,
    pub phone_masked: String,
    pub roles: Vec<String>,
    pub has_security_question: bool,
    /// The password expired or was reset by support: the UI sends the user to change it.
    pub must_change_password: bool,
    /// Approves organizations for a supervising unit (归口单位): the header links to the queue.
    #[serde(default)]
    pub approves_units: bool,
    /// Set when an organization signed in with its own account (单位用户): the person fields then
    /// carry its login name and full name, and no person is signed in.
    #[serde(default)]
    pub org_account: Option<crate::org_accounts::types::OrgAccountMe>,
}

impl Me {
    /// An organization's session as the shell sees it.
    pub fn of_org(org: crate::org_accounts::types::OrgAccountMe) -> Me {
        Me {
            user_id: 0,
            username: org.login_name.clone(),
            real_name: org.full_name.clone(),
            id_type: "uscc".into(),
            id_number_masked: org.uscc.clone(),
            phone_masked: org.agent_phone_masked.clone(),
            roles: Vec::new(),
            has_security_question: false,
            must_change_password: org.must_change_password,
            approves_units: false,
            org_account: Some(org),
        }
    }
}

/// Whether `path` is a page of this site to return to after signing in (by password or single sign-on):
/// "/exams/3?x=1" yes; "//evil.example", "https://…", "/login" (a loop) and "/\\host" no.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.starts_with("/login")
}

/// An account of the former expert-project system, found by its old login name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegacyAccount {
    pub username: String,
    pub phone_masked: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeSent {
    pub phone_masked: String,
    /// Seconds before another code may be requested for this phone.
    pub resend_after_secs: i64,
}

/// An ID type as people call it.
pub fn id_type_label(id_type: &str) -> (&'static str, &'static str) {
    match id_type {
        "resident" => ("居民身份证", "Resident ID card"),
        "military" => ("军官证", "Military officer card"),
        "passport" => ("护照", "Passport"),
        _ => ("其他证件", "Other ID"),
    }
}
