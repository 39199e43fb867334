//! The axum server: wiring only. Business rules live in the `app` crate.
pub mod admin_routes;
pub mod application_routes;
pub mod csrf;
pub mod dev;
pub mod exam_routes;
pub mod files;
pub mod org_account_routes;
pub mod payment_routes;
pub mod portal_routes;
pub mod router;
pub mod sso_routes;
pub mod ticket_routes;
pub mod training_routes;
