//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod courses;
pub mod enrollments;
pub mod jp_approval;
pub mod lessons;
pub mod outline;
pub mod sections;
pub mod sessions;

/// Every courses endpoint; literal paths before the `{id}` ones they could shadow.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(courses::create_course)
        .service(courses::list_courses)
        .service(courses::get_course)
        .service(courses::update_course)
        .service(courses::publish_course)
        .service(courses::archive_course)
        .service(jp_approval::approve_course_jp)
        .service(courses::add_course_instructor)
        .service(courses::remove_course_instructor)
        .service(sections::create_section)
        .service(sections::update_section)
        .service(sections::delete_section)
        .service(lessons::create_lesson)
        .service(lessons::get_lesson)
        .service(lessons::update_lesson)
        .service(lessons::delete_lesson)
        .service(outline::get_course_outline)
        .service(outline::reorder_course_outline)
        .service(enrollments::create_course_enrollments)
        .service(enrollments::list_course_enrollments)
        .service(enrollments::list_my_enrollments)
        .service(enrollments::withdraw_enrollment)
        .service(sessions::create_course_session)
        .service(sessions::list_course_sessions)
        .service(sessions::register_for_session)
        .service(sessions::cancel_session_registration)
        .service(sessions::list_session_registrations)
        .service(sessions::mark_session_attendance);
}
