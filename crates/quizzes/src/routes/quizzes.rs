//! `/courses/{id}/quizzes` and `/quizzes/{id}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, patch, post, web};
use latih_kernel::precondition::{IfMatch, etag_header};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateQuiz, QuizDto, UpdateQuiz};
use crate::service::quizzes;

fn with_etag(status: StatusCode, quiz: QuizDto) -> HttpResponse {
    HttpResponse::build(status).insert_header(etag_header(quiz.version)).json(quiz)
}

/// Add a quiz to a course (course staff).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = CreateQuiz,
    responses(
        (status = 201, description = "Created", body = QuizDto, headers(("ETag" = String))),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Course absent or not visible"),
        (status = 422, description = "Invalid settings"),
    )
)]
#[post("/courses/{id}/quizzes")]
pub async fn create_course_quiz(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateQuiz>,
) -> ApiResult<HttpResponse> {
    let quiz = quizzes::create(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(with_etag(StatusCode::CREATED, quiz))
}

/// The quizzes of a course (staff and enrolled learners).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id"), PageQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<QuizDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "limit out of range"),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Course absent or not visible"),
    )
)]
#[get("/courses/{id}/quizzes")]
pub async fn list_course_quizzes(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<QuizDto>>> {
    quizzes::list(&db, &actor, *id, &page.0).await.map(web::Json)
}

/// A quiz; enrolled learners also get their result.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id")),
    responses(
        (status = 200, description = "The quiz", body = QuizDto, headers(("ETag" = String))),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/quizzes/{id}")]
pub async fn get_quiz(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let quiz = quizzes::get(&db, &clock, &actor, *id).await?;
    Ok(with_etag(StatusCode::OK, quiz))
}

/// Change a quiz's settings (course staff); a stale `If-Match` is 412.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Quiz id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read"),
    ),
    request_body = UpdateQuiz,
    responses(
        (status = 200, description = "Updated", body = QuizDto, headers(("ETag" = String))),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 412, description = "Changed since the caller read it"),
        (status = 422, description = "Invalid settings"),
    )
)]
#[patch("/quizzes/{id}")]
pub async fn update_quiz(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdateQuiz>,
) -> ApiResult<HttpResponse> {
    let quiz = quizzes::update(&db, &clock, &actor, *id, &if_match, body.into_inner()).await?;
    Ok(with_etag(StatusCode::OK, quiz))
}
