//! `/me/follow-ups` and `/follow-ups/{id}/responses`: behaviour follow-ups for supervisors.

use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{EvaluationReceipt, EvaluationResponse, FollowUpDto};
use crate::service::follow_ups;

/// Behaviour follow-ups due for the caller's staff, oldest first, answered ones marked.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page, oldest due first", body = Page<FollowUpDto>),
        (status = 400, description = "Malformed cursor or limit"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/me/follow-ups")]
pub async fn list_my_follow_ups(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<FollowUpDto>>> {
    follow_ups::mine(&db, &clock, &actor, &page.0).await.map(web::Json)
}

/// Answer a due follow-up, once (the learner's supervisor).
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Follow-up id (the completed enrolment)")),
    request_body = EvaluationResponse,
    responses(
        (status = 201, description = "Recorded", body = EvaluationReceipt),
        (status = 404, description = "No such follow-up for the caller, or not due yet"),
        (status = 409, description = "Already answered (`already_answered`)"),
        (status = 422, description = "Unknown item, a likert value outside 1 to 5, or a likert item unanswered"),
    )
)]
#[post("/follow-ups/{id}/responses")]
pub async fn respond_follow_up(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<EvaluationResponse>,
) -> ApiResult<HttpResponse> {
    let receipt = follow_ups::respond(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(receipt))
}
