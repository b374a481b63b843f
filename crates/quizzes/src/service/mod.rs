//! The quizzes rules, as plain async functions over a database connection.

pub mod attempts;
pub mod grading;
pub mod questions;
pub mod quizzes;
pub mod results;
pub mod review;
pub mod statistics;
