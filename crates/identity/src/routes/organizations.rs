//! `/organizations` and `/organizations/{id}`.

use actix_web::{HttpResponse, get, patch, post, web};
use latih_kernel::{ApiResult, AuthUser, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateOrganization, OrganizationDto, UpdateOrganization};
use crate::service::auth::AuthServices;
use crate::service::organizations;

/// Create an organization (platform admins).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    request_body = CreateOrganization,
    responses(
        (status = 201, description = "Created", body = OrganizationDto),
        (status = 403, description = "Not a platform admin"),
        (status = 409, description = "The code is taken"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/organizations")]
pub async fn create_organization(
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    actor: AuthUser,
    body: Json<CreateOrganization>,
) -> ApiResult<HttpResponse> {
    let org = organizations::create(&**db, &services.clock, &actor, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(org))
}

/// Organizations by code: all of them for platform admins, one's own for everyone else.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<OrganizationDto>),
        (status = 400, description = "Malformed cursor or limit"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/organizations")]
pub async fn list_organizations(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<OrganizationDto>>> {
    organizations::list(&**db, &actor, &page.0).await.map(web::Json)
}

/// An organization, for its members and platform admins.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    responses(
        (status = 200, description = "The organization", body = OrganizationDto),
        (status = 404, description = "Absent, or not the caller's"),
    )
)]
#[get("/organizations/{id}")]
pub async fn get_organization(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<OrganizationDto>> {
    organizations::visible(&**db, &actor, *id).await.map(|org| web::Json(org.into()))
}

/// Rename an organization or change its time zone (its org admins, platform admins).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = UpdateOrganization,
    responses(
        (status = 200, description = "Updated", body = OrganizationDto),
        (status = 403, description = "A member who is not its admin"),
        (status = 404, description = "Absent, or not the caller's"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[patch("/organizations/{id}")]
pub async fn update_organization(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateOrganization>,
) -> ApiResult<web::Json<OrganizationDto>> {
    organizations::update(&**db, &actor, *id, body.into_inner()).await.map(web::Json)
}
