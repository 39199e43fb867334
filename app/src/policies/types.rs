//! What crosses the network for the policies.
use serde::{Deserialize, Serialize};

/// The policies a registration accepts: (kind, 中文名, English name).
pub const POLICY_KINDS: &[(&str, &str, &str)] =
    &[("terms", "用户服务协议", "User service agreement"), ("privacy", "隐私政策", "Privacy policy")];

pub fn policy_name(kind: &str) -> Option<(&'static str, &'static str)> {
    POLICY_KINDS.iter().find(|(k, ..)| *k == kind).map(|(_, zh, en)| (*zh, *en))
}

/// The current version of one policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub kind: String,
    pub version: i64,
    pub body: String,
    pub published_ms: i64,
}
