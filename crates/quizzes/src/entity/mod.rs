//! sea-orm entities of the quizzes tables, one file per table.

pub mod answer;
pub mod attempt;
pub mod question;
pub mod quiz;
