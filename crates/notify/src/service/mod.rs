//! The rules: plain async functions taking a database connection and the caller.

pub mod notifications;
pub mod preferences;
