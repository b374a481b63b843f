//! `/courses/{id}/evaluation`: the course's evaluation survey, its responses and summary.

use actix_web::{HttpResponse, get, post, put, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use latih_progress::CompletionRequirements;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{EvaluationForm, EvaluationReceipt, EvaluationResponse, EvaluationSummary};
use crate::service::evaluation;

/// Write the survey form (course staff); `required` makes completion wait for a response.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = EvaluationForm,
    responses(
        (status = 200, description = "Saved", body = EvaluationForm),
        (status = 403, description = "Not staff of the course"),
        (status = 404, description = "No such course, or not visible to the caller"),
        (status = 422, description = "No items, more than 30, a blank or repeated id, or blank text"),
    )
)]
#[put("/courses/{id}/evaluation")]
pub async fn put_evaluation(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<EvaluationForm>,
) -> ApiResult<web::Json<EvaluationForm>> {
    evaluation::put_form(&db, &clock, &actor, *id, body.into_inner()).await.map(web::Json)
}

/// The survey form (course staff and enrolled learners).
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The form", body = EvaluationForm),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "No such course or no survey"),
    )
)]
#[get("/courses/{id}/evaluation")]
pub async fn get_evaluation(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<EvaluationForm>> {
    evaluation::get_form(&db, &actor, *id).await.map(web::Json)
}

/// Answer the survey, once (enrolled learners). Completes the course when the survey was all
/// that was missing.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = EvaluationResponse,
    responses(
        (status = 201, description = "Recorded", body = EvaluationReceipt),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "No such course or no survey"),
        (status = 409, description = "Already answered (`already_answered`)"),
        (status = 422, description = "Unknown item, a likert value outside 1 to 5, or a likert item unanswered"),
    )
)]
#[post("/courses/{id}/evaluation/responses")]
pub async fn respond_evaluation(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    requirements: web::Data<CompletionRequirements>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<EvaluationResponse>,
) -> ApiResult<HttpResponse> {
    let receipt = evaluation::respond(&db, &clock, &requirements, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// Per-item means, distributions and unsigned comments, once enough learners answered (course
/// staff and org admins).
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, description = "The summary; `items` is null below the respondent threshold", body = EvaluationSummary),
        (status = 403, description = "Not staff of the course"),
        (status = 404, description = "No such course or no survey"),
    )
)]
#[get("/courses/{id}/evaluation/summary")]
pub async fn evaluation_summary(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<EvaluationSummary>> {
    evaluation::summary(&db, &actor, *id).await.map(web::Json)
}
