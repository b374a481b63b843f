//! The development rules, as plain async functions over a database connection.

pub mod assessments;
pub mod competencies;
pub mod course_competencies;
pub mod evaluation;
pub mod follow_up_notices;
pub mod follow_ups;
pub mod gaps;
pub mod people;
pub mod plan_items;
pub mod plan_jp;
pub mod plan_notices;
pub mod plans;
pub mod positions;
pub mod reports;
