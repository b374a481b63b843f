//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod competencies;
pub mod course_competencies;
pub mod evaluation;
pub mod follow_ups;
pub mod people;
pub mod plans;
pub mod positions;
pub mod reports;

/// Every competency-development endpoint.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(competencies::create_competency)
        .service(competencies::list_competencies)
        .service(positions::create_position)
        .service(positions::list_positions)
        .service(course_competencies::put_course_competencies)
        .service(course_competencies::get_course_competencies)
        .service(people::create_assessment)
        .service(people::get_competency_gaps)
        .service(plans::create_plan)
        .service(plans::update_plan)
        .service(plans::submit_plan)
        .service(plans::approve_plan)
        .service(plans::reject_plan)
        .service(plans::list_plans)
        .service(evaluation::put_evaluation)
        .service(evaluation::get_evaluation)
        .service(evaluation::respond_evaluation)
        .service(evaluation::evaluation_summary)
        .service(follow_ups::list_my_follow_ups)
        .service(follow_ups::respond_follow_up)
        .service(reports::course_report)
        .service(reports::competency_gap_report);
}
