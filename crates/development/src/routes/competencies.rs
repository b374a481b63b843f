//! `/competencies`: the competency dictionary.

use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;

use crate::dto::{CompetencyDto, CompetencyFilter, CreateCompetency};
use crate::service::competencies;

/// Add a dictionary entry: national (platform admins) or the caller's organization's own (org
/// admins).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    request_body = CreateCompetency,
    responses(
        (status = 201, description = "Added", body = CompetencyDto),
        (status = 403, description = "Not a platform or org admin"),
        (status = 409, description = "The code is taken in this dictionary"),
        (status = 422, description = "Missing fields, or not one description per level 1 to 5"),
    )
)]
#[post("/competencies")]
pub async fn create_competency(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<CreateCompetency>,
) -> ApiResult<HttpResponse> {
    let created = competencies::create(db.get_ref(), &clock, &actor, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// The national dictionary and the caller's organization's own entries, by code.
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(CompetencyFilter, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<CompetencyDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "Unknown type, or limit out of range"),
    )
)]
#[get("/competencies")]
pub async fn list_competencies(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    filter: Query<CompetencyFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<CompetencyDto>>> {
    competencies::list(db.get_ref(), &actor, &filter.0, &page.0).await.map(web::Json)
}
