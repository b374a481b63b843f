//! `/sections/{id}/lessons` and `/lessons/{id}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use latih_kernel::precondition::{IfMatch, etag_header};
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateLesson, LessonDto, UpdateLesson};
use crate::lesson_quizzes::LessonQuizzes;
use crate::service::lessons;

fn with_etag(status: StatusCode, lesson: LessonDto) -> HttpResponse {
    HttpResponse::build(status).insert_header(etag_header(lesson.version)).json(lesson)
}

/// Add a lesson to a section (course staff). `text` needs `body`; `video` and `document` need
/// `media_id`; `link` needs `url`; `quiz` needs `quiz_id`. On any kind, a `media_id` must be a
/// ready `lesson` file of the course's organization that the caller uploaded or already uses in
/// a course they staff, and a `quiz_id` a quiz of the same course.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Section id")),
    request_body = CreateLesson,
    responses(
        (status = 201, description = "Created", body = LessonDto, headers(("ETag" = String))),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "Invalid fields, what the kind needs is missing, or a file or quiz the lesson may not use"),
    )
)]
#[post("/sections/{id}/lessons")]
pub async fn create_lesson(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    quizzes: web::Data<LessonQuizzes>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateLesson>,
) -> ApiResult<HttpResponse> {
    let lesson = lessons::create(&db, &clock, &quizzes, &actor, *id, body.into_inner()).await?;
    Ok(with_etag(StatusCode::CREATED, lesson))
}

/// A lesson with its body, for enrolled learners and course staff.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Lesson id")),
    responses(
        (status = 200, description = "The lesson", body = LessonDto, headers(("ETag" = String))),
        (status = 403, description = "The course is visible but the caller is not enrolled"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/lessons/{id}")]
pub async fn get_lesson(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let lesson = lessons::get(&db, &actor, *id).await?;
    Ok(with_etag(StatusCode::OK, lesson))
}

/// Change a lesson (course staff); a stale `If-Match` is 412.
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Lesson id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read"),
    ),
    request_body = UpdateLesson,
    responses(
        (status = 200, description = "Updated", body = LessonDto, headers(("ETag" = String))),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "The last required lesson of a published course cannot become optional"),
        (status = 412, description = "Changed since the caller read it"),
        (status = 422, description = "Invalid fields, or a file or quiz the lesson may not use"),
    )
)]
#[patch("/lessons/{id}")]
pub async fn update_lesson(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    quizzes: web::Data<LessonQuizzes>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdateLesson>,
) -> ApiResult<HttpResponse> {
    let lesson = lessons::update(&db, &clock, &quizzes, &actor, *id, &if_match, body.into_inner()).await?;
    Ok(with_etag(StatusCode::OK, lesson))
}

/// Delete a lesson (course staff).
#[utoipa::path(
    tag = "courses",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Lesson id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "The last lesson, or the last required lesson, of a published course"),
        (status = 412, description = "Changed since the caller read it"),
    )
)]
#[delete("/lessons/{id}")]
pub async fn delete_lesson(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    lessons::delete(&db, &clock, &actor, *id, &if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}
