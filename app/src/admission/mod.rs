//! Admission tickets (准考证, issue 19): a paid exam registration enrols its candidate in the exam the
//! exam office links to each subject and gets a ticket per subject, printable as a PDF only inside the
//! print window the office opens; the ticket's QR code opens the public check page.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
