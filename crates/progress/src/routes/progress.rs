//! `/me/courses/{id}/progress` and `/courses/{id}/progress`.

use actix_web::{get, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CourseProgressDto, LearnerProgress};
use crate::service::completion::{CompletionRequirements, my_enrollment, progress_of};
use crate::service::staff;

/// The caller's progress in a course, and what still stands between them and completion.
#[utoipa::path(
    tag = "progress",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The course progress", body = CourseProgressDto),
        (status = 404, description = "Not enrolled in the course"),
    )
)]
#[get("/me/courses/{id}/progress")]
pub async fn get_my_course_progress(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    requirements: web::Data<CompletionRequirements>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CourseProgressDto>> {
    let enrollment = my_enrollment(&db, *id, actor.id).await?;
    progress_of(&db, &clock, &requirements, enrollment).await.map(web::Json)
}

/// Every learner's progress in a course (course staff; org admins see their own people).
#[utoipa::path(
    tag = "progress",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<LearnerProgress>),
        (status = 400, description = "Malformed cursor"),
        (status = 403, description = "Neither course staff nor an org admin"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/courses/{id}/progress")]
pub async fn list_course_progress(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<LearnerProgress>>> {
    staff::course_progress(&db, &clock, &actor, *id, &page.0).await.map(web::Json)
}
