//! `/organizations/{id}/positions`: positions and what they require.

use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreatePosition, PositionDto};
use crate::service::positions;

/// Add a position with the competency levels it requires (org admins).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = CreatePosition,
    responses(
        (status = 201, description = "Added", body = PositionDto),
        (status = 403, description = "A member of the organization but not its admin"),
        (status = 404, description = "No such organization, or not the caller's"),
        (status = 422, description = "Missing name, unknown competency, or level out of 1 to 5"),
    )
)]
#[post("/organizations/{id}/positions")]
pub async fn create_position(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreatePosition>,
) -> ApiResult<HttpResponse> {
    let created = positions::create(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// The organization's positions by name, with their requirements (its members and admins).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<PositionDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 404, description = "Not the caller's organization"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/organizations/{id}/positions")]
pub async fn list_positions(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<PositionDto>>> {
    positions::list(&db, &actor, *id, &page.0).await.map(web::Json)
}
