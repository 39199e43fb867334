//! Shared components: form fields with live validation, the password checklist, the SMS code button.
pub mod camera;
pub mod download;
pub mod form;
pub mod loaded;
pub mod password;
pub mod sms;
pub mod upload;
