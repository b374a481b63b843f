//! `/courses/{id}/outline`.

use actix_web::{get, put, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{Outline, OutlineOrder};
use crate::service::outline;

/// The course with its sections and lessons (without bodies), in one round trip, for enrolled
/// learners and course staff.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The outline", body = Outline),
        (status = 403, description = "The course is visible but the caller is not enrolled"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/courses/{id}/outline")]
pub async fn get_course_outline(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Outline>> {
    outline::get(&db, &actor, *id).await.map(web::Json)
}

/// Reorder the outline at once (course staff): every section exactly once, each with its
/// lessons in order; lessons may move between sections.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = OutlineOrder,
    responses(
        (status = 200, description = "The reordered outline", body = Outline),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "Not every section and lesson listed exactly once"),
    )
)]
#[put("/courses/{id}/outline")]
pub async fn reorder_course_outline(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<OutlineOrder>,
) -> ApiResult<web::Json<Outline>> {
    outline::reorder(&db, &clock, &actor, *id, body.into_inner()).await.map(web::Json)
}
