//! What the support console shows: personal data masked, as everywhere outside editing.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub user_id: i64,
    pub username: String,
    pub real_name: String,
    pub id_type: String,
    pub id_number_masked: String,
    pub phone_masked: String,
    pub identity_status: String,
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub phone_masked: String,
    pub body: String,
    pub created_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// The acting user's user name, or "-" for the system.
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub created_ms: i64,
}

/// Roles that may use the support console.
pub const SUPPORT_ROLES: &[&str] = &["support", "system_admin"];
