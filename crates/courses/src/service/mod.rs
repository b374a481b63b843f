//! The courses rules, as plain async functions over a database connection.

pub mod assignments;
pub mod catalog;
pub mod courses;
pub mod enrollments;
pub mod instructors;
pub mod jp;
pub mod lesson_refs;
pub mod lessons;
pub mod notices;
pub mod outline;
pub mod reminders;
pub mod sections;
pub mod sessions;
