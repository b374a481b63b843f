//! `/courses/{id}/sections` and `/sections/{id}`.

use actix_web::{HttpResponse, delete, patch, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateSection, SectionDto, UpdateSection};
use crate::service::sections;

/// Add a section to the outline (course staff).
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = CreateSection,
    responses(
        (status = 201, description = "Created", body = SectionDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/courses/{id}/sections")]
pub async fn create_section(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateSection>,
) -> ApiResult<HttpResponse> {
    let section = sections::create(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(section))
}

/// Rename a section (course staff).
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Section id")),
    request_body = UpdateSection,
    responses(
        (status = 200, description = "Renamed", body = SectionDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "Invalid title"),
    )
)]
#[patch("/sections/{id}")]
pub async fn update_section(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateSection>,
) -> ApiResult<web::Json<SectionDto>> {
    sections::rename(&db, &actor, *id, body.into_inner()).await.map(web::Json)
}

/// Remove an empty section (course staff).
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Section id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "The section still has lessons"),
    )
)]
#[delete("/sections/{id}")]
pub async fn delete_section(
    clock: web::Data<Clock>,
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    sections::delete(&db, &clock, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
