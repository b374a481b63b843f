//! `/me/jp`, `/me/jp/claims` and `/jp/claims/...`.

use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{ClaimDto, ClaimFilter, CreateClaim, JpLedger, RejectClaim, YearParam};
use crate::service::{claims, ledger};

/// The caller's JP for a year (in their organization's time zone): target, earned, entries.
#[utoipa::path(
    tag = "jp",
    security(("bearer" = [])),
    params(YearParam),
    responses(
        (status = 200, description = "The ledger", body = JpLedger),
        (status = 422, description = "A year out of range"),
    )
)]
#[get("/me/jp")]
pub async fn get_my_jp(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    year: Query<YearParam>,
) -> ApiResult<web::Json<JpLedger>> {
    ledger::mine(&db, &clock, &actor, year.0.year).await.map(web::Json)
}

/// Claim JP for external training, with evidence; it waits for an org admin.
#[utoipa::path(
    tag = "jp",
    security(("bearer" = [])),
    request_body = CreateClaim,
    responses(
        (status = 201, description = "Filed, pending", body = ClaimDto),
        (status = 422, description = "Invalid fields or evidence"),
    )
)]
#[post("/me/jp/claims")]
pub async fn create_jp_claim(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<CreateClaim>,
) -> ApiResult<HttpResponse> {
    let claim = claims::file(&db, &clock, &actor, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(claim))
}

/// Claims to decide (org admins: their organization's) or one's own (everyone else).
#[utoipa::path(
    tag = "jp",
    security(("bearer" = [])),
    params(ClaimFilter, PageQuery),
    responses(
        (status = 200, description = "One page, newest first", body = Page<ClaimDto>),
        (status = 400, description = "Malformed filter or cursor"),
        (status = 404, description = "Another organization"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/jp/claims")]
pub async fn list_jp_claims(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    filter: Query<ClaimFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<ClaimDto>>> {
    claims::list(&db, &actor, &filter.0, &page.0).await.map(web::Json)
}

/// Approve a claim (an org admin of the claimant's organization, never the claimant): its JP
/// enters the claimant's ledger.
#[utoipa::path(
    tag = "jp",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Claim id")),
    responses(
        (status = 200, description = "Approved", body = ClaimDto),
        (status = 403, description = "Not an admin of that organization, or one's own claim"),
        (status = 404, description = "Absent or another organization's"),
        (status = 409, description = "Already decided"),
    )
)]
#[post("/jp/claims/{id}/approve")]
pub async fn approve_jp_claim(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ClaimDto>> {
    claims::approve(&db, &clock, &actor, *id).await.map(web::Json)
}

/// Reject a claim with a reason (an org admin of the claimant's organization).
#[utoipa::path(
    tag = "jp",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Claim id")),
    request_body = RejectClaim,
    responses(
        (status = 200, description = "Rejected", body = ClaimDto),
        (status = 403, description = "Not an admin of that organization, or one's own claim"),
        (status = 404, description = "Absent or another organization's"),
        (status = 409, description = "Already decided"),
        (status = 422, description = "No reason"),
    )
)]
#[post("/jp/claims/{id}/reject")]
pub async fn reject_jp_claim(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<RejectClaim>,
) -> ApiResult<web::Json<ClaimDto>> {
    claims::reject(&db, &clock, &actor, *id, &body.0.reason).await.map(web::Json)
}
