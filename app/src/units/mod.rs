//! Supervising units (归口单位 / 主管外专局, issue 21, seed 002): provincial and municipal units with a
//! region and one approving admin, managed by the system admin (the approving admin handed over from A to
//! B with a record of both); an organization chooses its unit (the municipal list only after choosing the
//! municipal type) and waits "等待归口单位审核" until the unit's approving admin decides.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
