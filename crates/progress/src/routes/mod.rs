//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod certificates;
pub mod claims;
pub mod lessons;
pub mod progress;
pub mod reports;

/// Every progress endpoint; literal paths before `{id}` ones they could shadow.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(lessons::put_lesson_progress)
        .service(lessons::sync_progress_batch)
        .service(progress::get_my_course_progress)
        .service(progress::list_course_progress)
        .service(certificates::list_my_certificates)
        .service(certificates::verify_certificate)
        .service(certificates::get_certificate_pdf)
        .service(claims::get_my_jp)
        .service(claims::create_jp_claim)
        .service(claims::list_jp_claims)
        .service(claims::approve_jp_claim)
        .service(claims::reject_jp_claim)
        .service(reports::get_jp_report);
}
