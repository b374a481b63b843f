//! `/me/development-plans`, `/development-plans/{id}/...`, `/users/{id}/development-plans`.

use actix_web::{HttpResponse, get, post, put, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreatePlan, PlanDto, PlanFilter, RejectPlan, UpdatePlan};
use crate::service::plans;

/// Write the caller's development plan for a year, as a draft.
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    request_body = CreatePlan,
    responses(
        (status = 201, description = "Drafted", body = PlanDto),
        (status = 403, description = "Not a person of an organization"),
        (status = 409, description = "A plan for that year exists (`plan_exists`)"),
        (status = 422, description = "Year not this or next, or an item is invalid"),
    )
)]
#[post("/me/development-plans")]
pub async fn create_plan(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<CreatePlan>,
) -> ApiResult<HttpResponse> {
    let created = plans::create(&db, &clock, &actor, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Replace the items of a draft or rejected plan (its owner).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Plan id")),
    request_body = UpdatePlan,
    responses(
        (status = 200, description = "Saved", body = PlanDto),
        (status = 403, description = "Not the owner"),
        (status = 404, description = "No such plan, or not one the caller may see"),
        (status = 409, description = "Submitted or approved (`plan_status`)"),
        (status = 422, description = "An item is invalid"),
    )
)]
#[put("/development-plans/{id}")]
pub async fn update_plan(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdatePlan>,
) -> ApiResult<web::Json<PlanDto>> {
    plans::update(&db, &actor, *id, body.into_inner()).await.map(web::Json)
}

/// Submit a draft or rejected plan for approval (its owner).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Plan id")),
    responses(
        (status = 200, description = "Submitted", body = PlanDto),
        (status = 403, description = "Not the owner"),
        (status = 404, description = "No such plan, or not one the caller may see"),
        (status = 409, description = "Already submitted or approved (`plan_status`)"),
    )
)]
#[post("/development-plans/{id}/submit")]
pub async fn submit_plan(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PlanDto>> {
    plans::submit(&db, &clock, &actor, *id).await.map(web::Json)
}

/// Approve a submitted plan (the owner's supervisor or org admin).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Plan id")),
    responses(
        (status = 200, description = "Approved", body = PlanDto),
        (status = 403, description = "The owner cannot approve their own plan"),
        (status = 404, description = "No such plan, or not one the caller may see"),
        (status = 409, description = "Not submitted (`plan_status`)"),
    )
)]
#[post("/development-plans/{id}/approve")]
pub async fn approve_plan(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PlanDto>> {
    plans::approve(&db, &clock, &actor, *id).await.map(web::Json)
}

/// Reject a submitted plan with a reason (the owner's supervisor or org admin).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Plan id")),
    request_body = RejectPlan,
    responses(
        (status = 200, description = "Rejected", body = PlanDto),
        (status = 403, description = "The owner cannot reject their own plan"),
        (status = 404, description = "No such plan, or not one the caller may see"),
        (status = 409, description = "Not submitted (`plan_status`)"),
        (status = 422, description = "No reason"),
    )
)]
#[post("/development-plans/{id}/reject")]
pub async fn reject_plan(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<RejectPlan>,
) -> ApiResult<web::Json<PlanDto>> {
    plans::reject(&db, &clock, &actor, *id, body.into_inner()).await.map(web::Json)
}

/// A person's plans with planned and earned JP per item, newest year first (the person, their
/// supervisor, their org admin).
#[utoipa::path(
    tag = "competencies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The person"), PlanFilter, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<PlanDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 404, description = "No such person, or neither the person, their supervisor nor their org admin"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/users/{id}/development-plans")]
pub async fn list_plans(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    filter: Query<PlanFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<PlanDto>>> {
    plans::list(&db, &actor, *id, &filter.0, &page.0).await.map(web::Json)
}
