//! `/courses/{id}/competencies`: what a course develops, up to which level.

use actix_web::{get, put, web};
use latih_kernel::{ApiResult, AuthUser, Json};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::CourseCompetencies;
use crate::service::course_competencies;

/// Replace what the course develops (course staff).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = CourseCompetencies,
    responses(
        (status = 200, description = "Saved", body = CourseCompetencies),
        (status = 403, description = "Not staff of the course"),
        (status = 404, description = "No such course, or not visible to the caller"),
        (status = 422, description = "Unknown competency, listed twice, or level out of 1 to 5"),
    )
)]
#[put("/courses/{id}/competencies")]
pub async fn put_course_competencies(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CourseCompetencies>,
) -> ApiResult<web::Json<CourseCompetencies>> {
    course_competencies::put(&db, &actor, *id, body.into_inner()).await.map(web::Json)
}

/// What the course develops (whoever may see the course).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The list", body = CourseCompetencies),
        (status = 404, description = "No such course, or not visible to the caller"),
    )
)]
#[get("/courses/{id}/competencies")]
pub async fn get_course_competencies(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CourseCompetencies>> {
    course_competencies::get(&db, &actor, *id).await.map(web::Json)
}
