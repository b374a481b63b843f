//! sea-orm entities of the development tables, one file per table. Positions themselves are
//! identity's (`latih_identity::entity::position`).

pub mod assessment;
pub mod competency;
pub mod course_competency;
pub mod course_evaluation;
pub mod development_plan;
pub mod development_plan_item;
pub mod evaluation_response;
pub mod follow_up_notice;
pub mod follow_up_response;
pub mod position_requirement;
