//! `/courses/{id}/jp-approval`.

use actix_web::{HttpResponse, post, web};
use latih_kernel::precondition::etag_header;
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{ApproveJp, CourseDto};
use crate::service::jp;

/// Approve a course's JP (org admins of the course's organization): 0 up to the JP its staff
/// requested. JP within what the required content backs is approved on publishing without this.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = ApproveJp,
    responses(
        (status = 200, description = "Approved", body = CourseDto, headers(("ETag" = String))),
        (status = 403, description = "Not an org admin of the course's organization"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "The course is archived"),
        (status = 412, description = "Changed by someone else at the same moment; read it and try again"),
        (status = 422, description = "jp out of range"),
    )
)]
#[post("/courses/{id}/jp-approval")]
pub async fn approve_course_jp(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ApproveJp>,
) -> ApiResult<HttpResponse> {
    let course: CourseDto = jp::approve(&db, &clock, &actor, *id, body.0.jp).await?;
    Ok(HttpResponse::Ok().insert_header(etag_header(course.version)).json(course))
}
