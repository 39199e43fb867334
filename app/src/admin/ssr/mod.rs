//! The console against the database: the list registry and its query, the dashboard, and the actions.
pub mod actions;
pub mod dashboard;
pub mod lists;
pub mod specs;
