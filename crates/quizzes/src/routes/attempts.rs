//! `/quizzes/{id}/attempts` and `/attempts/{id}/...`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, put, web};
use latih_kernel::idempotency::IdempotencyKey;
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{AnswerInput, AttemptResultDto, AttemptStarted, AttemptView, GradeInput, SavedAnswer};
use crate::hooks::GradedHooks;
use crate::service::{attempts, review};

fn respond<T: serde::Serialize>(status: u16, body: &T) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK)).json(body)
}

/// Start an attempt (enrolled learners): the drawn questions in this attempt's order, without
/// any hint of the answers. With an attempt already in progress, that one is answered again
/// (200), in the same order.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id")),
    responses(
        (status = 201, description = "Started", body = AttemptStarted),
        (status = 200, description = "The attempt already in progress", body = AttemptStarted),
        (status = 403, description = "Not enrolled, or course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Not open yet, closed, no attempts left, or no questions"),
    )
)]
#[post("/quizzes/{id}/attempts")]
pub async fn start_quiz_attempt(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    hooks: Option<web::Data<GradedHooks>>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let hooks = hooks.map(|h| h.get_ref().clone()).unwrap_or_default();
    let (created, attempt) = attempts::start(&db, &clock, &hooks, &actor, *id).await?;
    Ok(respond(if created { 201 } else { 200 }, &attempt))
}

/// The caller's attempts at a quiz; all attempts for course staff.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id"), PageQuery),
    responses(
        (status = 200, description = "One page, newest first", body = Page<AttemptResultDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "limit out of range"),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/quizzes/{id}/attempts")]
pub async fn list_quiz_attempts(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<AttemptResultDto>>> {
    attempts::list(&db, &clock, &actor, *id, &page.0).await.map(web::Json)
}

/// Save one answer (the attempt's owner): `{option_ids}`, `{text}` or `{number}` as the
/// question needs. Accepts `Idempotency-Key`. After submit or the deadline: 409
/// `attempt_closed`.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Attempt id"),
        ("question_id" = Uuid, Path, description = "Question id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays answer the first result"),
    ),
    request_body = AnswerInput,
    responses(
        (status = 200, description = "Saved", body = SavedAnswer),
        (status = 404, description = "Not the caller's attempt, or not a question of it"),
        (status = 409, description = "attempt_closed"),
        (status = 422, description = "An answer that does not fit the question"),
    )
)]
#[put("/attempts/{id}/answers/{question_id}")]
pub async fn save_attempt_answer(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    hooks: Option<web::Data<GradedHooks>>,
    actor: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    key: IdempotencyKey,
    body: Json<AnswerInput>,
) -> ApiResult<HttpResponse> {
    let (attempt_id, question_id) = path.into_inner();
    let scope = format!("answer:{attempt_id}:{question_id}");
    let hooks = hooks.map(|h| h.get_ref().clone()).unwrap_or_default();
    let work = async {
        let saved =
            attempts::save_answer(&db, &clock, &hooks, &actor, attempt_id, question_id, body.into_inner()).await?;
        Ok((200, saved))
    };
    let (status, saved): (u16, SavedAnswer) = key.run(&db, actor.id, &scope, clock.now(), work).await?;
    Ok(respond(status, &saved))
}

/// Submit and grade (the attempt's owner). A repeat, or a submit racing this one, answers the
/// same result. Accepts `Idempotency-Key`.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Attempt id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays answer the first result"),
    ),
    responses(
        (status = 200, description = "The result", body = AttemptResultDto),
        (status = 404, description = "Not the caller's attempt"),
    )
)]
#[post("/attempts/{id}/submit")]
pub async fn submit_attempt(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    hooks: Option<web::Data<GradedHooks>>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
) -> ApiResult<HttpResponse> {
    let scope = format!("submit:{}", *id);
    let hooks = hooks.map(|h| h.get_ref().clone()).unwrap_or_default();
    let work = async { Ok((200, attempts::submit(&db, &clock, &hooks, &actor, *id).await?)) };
    let (status, result): (u16, AttemptResultDto) = key.run(&db, actor.id, &scope, clock.now(), work).await?;
    Ok(respond(status, &result))
}

/// An attempt with its answers, for its owner (correctness and keys only as the review policy
/// allows, never before submitting) and course staff (everything).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Attempt id")),
    responses(
        (status = 200, description = "The attempt", body = AttemptView),
        (status = 404, description = "Absent, or another learner's"),
    )
)]
#[get("/attempts/{id}")]
pub async fn get_attempt(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<AttemptView>> {
    review::get(&db, &clock, &actor, *id).await.map(web::Json)
}

/// Grade an essay (course staff); when none waits any more the attempt is final.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Attempt id")),
    request_body = GradeInput,
    responses(
        (status = 200, description = "The attempt after grading", body = AttemptView),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent, or not a question of the attempt"),
        (status = 409, description = "Not submitted yet, or already final"),
        (status = 422, description = "Not an essay, or points out of range"),
    )
)]
#[post("/attempts/{id}/grades")]
pub async fn grade_attempt(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    hooks: Option<web::Data<GradedHooks>>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<GradeInput>,
) -> ApiResult<web::Json<AttemptView>> {
    let hooks = hooks.map(|h| h.get_ref().clone()).unwrap_or_default();
    review::grade_essay(&db, &clock, &hooks, &actor, *id, body.into_inner()).await.map(web::Json)
}
