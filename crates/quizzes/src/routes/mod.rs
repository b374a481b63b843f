//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod attempts;
pub mod questions;
pub mod quizzes;
pub mod statistics;

/// Every quizzes endpoint.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(quizzes::create_course_quiz)
        .service(quizzes::list_course_quizzes)
        .service(quizzes::get_quiz)
        .service(quizzes::update_quiz)
        .service(questions::import_quiz_questions)
        .service(questions::export_quiz_questions)
        .service(questions::create_quiz_question)
        .service(questions::list_quiz_questions)
        .service(questions::delete_question)
        .service(attempts::start_quiz_attempt)
        .service(attempts::list_quiz_attempts)
        .service(attempts::save_attempt_answer)
        .service(attempts::submit_attempt)
        .service(attempts::get_attempt)
        .service(attempts::grade_attempt)
        .service(statistics::get_quiz_statistics)
        .service(statistics::get_course_learning_gain);
}
