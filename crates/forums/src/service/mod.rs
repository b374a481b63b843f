//! The forums rules, as plain async functions over a database connection.

pub mod mentoring;
pub mod mentoring_logs;
pub mod posts;
pub mod threads;
