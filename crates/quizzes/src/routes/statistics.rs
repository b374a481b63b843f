//! `/quizzes/{id}/statistics` and `/courses/{id}/learning-gain`.

use actix_web::{get, web};
use latih_kernel::{ApiResult, AuthUser, Clock};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{LearningGain, QuizStatistics};
use crate::service::statistics;

/// Per question: graded attempts, facility and discrimination (course staff).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id")),
    responses(
        (status = 200, description = "The statistics", body = QuizStatistics),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/quizzes/{id}/statistics")]
pub async fn get_quiz_statistics(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<QuizStatistics>> {
    statistics::quiz_statistics(&db, &clock, &actor, *id).await.map(web::Json)
}

/// Pre-test against post-test per learner and on average (course staff; org admins see their
/// own people).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The learning gain", body = LearningGain),
        (status = 403, description = "Neither course staff nor an org admin"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/courses/{id}/learning-gain")]
pub async fn get_course_learning_gain(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<LearningGain>> {
    statistics::learning_gain(&db, &clock, &actor, *id).await.map(web::Json)
}
