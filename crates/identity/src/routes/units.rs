//! `/organizations/{id}/units`.

use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateUnit, UnitDto};
use crate::service::auth::AuthServices;
use crate::service::units;

/// Add a unit to an organization's tree (its org admins, platform admins).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = CreateUnit,
    responses(
        (status = 201, description = "Created", body = UnitDto),
        (status = 403, description = "A member who is not its admin"),
        (status = 404, description = "Absent, or not the caller's organization"),
        (status = 409, description = "The code is taken in this organization"),
        (status = 422, description = "Invalid fields, or a parent of another organization"),
    )
)]
#[post("/organizations/{id}/units")]
pub async fn create_unit(
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateUnit>,
) -> ApiResult<HttpResponse> {
    let unit = units::create(&**db, &services.clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(unit))
}

/// The units of an organization, parents before children.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<UnitDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 404, description = "Absent, or not the caller's organization"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/organizations/{id}/units")]
pub async fn list_units(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<UnitDto>>> {
    units::list(&**db, &actor, *id, &page.0).await.map(web::Json)
}
