//! The portal's public pages beside the home page (issue 19): 资料下载 (the public materials), 办理指南
//! (the help pages the system admin writes) and the site's QR code for phones.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
