//! `PUT /lessons/{id}/progress` and `POST /me/progress/batch`.

use actix_web::{post, put, web};
use latih_kernel::idempotency::IdempotencyKey;
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{BatchInput, BatchReport, LessonProgressDto, ProgressInput};
use crate::service::completion::CompletionRequirements;
use crate::service::events;

/// Report progress in a lesson (enrolled learners). `completed` never reverts; the position
/// follows the newest client time; time spent adds up once per request (send
/// `Idempotency-Key` so a retried request counts once).
#[utoipa::path(
    tag = "progress",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Lesson id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request count once"),
    ),
    request_body = ProgressInput,
    responses(
        (status = 200, description = "The lesson's progress after merging", body = LessonProgressDto),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "A quiz lesson: passing its quiz completes it"),
        (status = 422, description = "Negative position or time"),
    )
)]
#[put("/lessons/{id}/progress")]
pub async fn put_lesson_progress(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    requirements: web::Data<CompletionRequirements>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<ProgressInput>,
) -> ApiResult<web::Json<LessonProgressDto>> {
    events::put(&db, &clock, &requirements, &actor, *id, key.0, body.into_inner()).await.map(web::Json)
}

/// Send progress recorded offline: up to 500 events, each answered on its own (accepted, a
/// duplicate of one merged before, or rejected with a reason). A replayed batch changes
/// nothing.
#[utoipa::path(
    tag = "progress",
    security(("bearer" = [])),
    request_body = BatchInput,
    responses(
        (status = 200, description = "What became of each event", body = BatchReport),
        (status = 422, description = "More than 500 events"),
    )
)]
#[post("/me/progress/batch")]
pub async fn sync_progress_batch(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    requirements: web::Data<CompletionRequirements>,
    actor: AuthUser,
    body: Json<BatchInput>,
) -> ApiResult<web::Json<BatchReport>> {
    events::batch(&db, &clock, &requirements, &actor, body.into_inner().events).await.map(web::Json)
}
