//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod mentorships;
pub mod posts;
pub mod threads;

/// Every forums and mentoring endpoint.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(threads::create_course_thread)
        .service(threads::list_course_threads)
        .service(threads::get_thread)
        .service(threads::pin_thread)
        .service(threads::lock_thread)
        .service(threads::subscribe_thread)
        .service(threads::unsubscribe_thread)
        .service(posts::create_thread_post)
        .service(posts::list_thread_posts)
        .service(posts::update_post)
        .service(posts::delete_post)
        .service(posts::accept_post)
        .service(posts::report_post)
        .service(posts::hide_post)
        .service(mentorships::create_mentorship)
        .service(mentorships::list_my_mentorships)
        .service(mentorships::create_mentorship_message)
        .service(mentorships::list_mentorship_messages)
        .service(mentorships::create_mentoring_log)
        .service(mentorships::list_mentoring_logs)
        .service(mentorships::confirm_mentoring_log);
}
