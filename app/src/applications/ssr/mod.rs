//! Server side of the expert application, one module per concern.
pub mod admission;
pub mod catalog;
pub mod demo;
pub mod education;
pub mod files;
pub mod reference;
pub mod review;
pub mod submit;
pub mod view;
pub mod windows;
pub mod wizard;
