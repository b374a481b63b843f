//! `/quizzes/{id}/questions`, import and export, and `/questions/{id}`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use latih_kernel::extract::read_body;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Json, Lang, Msg, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateQuestion, FormatParam, QuestionDto, QuestionImportReport};
use crate::service::questions;

/// Largest question bank accepted in one import.
const IMPORT_LIMIT: usize = 2 * 1024 * 1024;

/// Add a question to a quiz's pool (course staff). Each type is checked for what it needs: a
/// single-choice question exactly one correct option, a numeric one a value and a tolerance of
/// zero or more, and so on.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id")),
    request_body = CreateQuestion,
    responses(
        (status = 201, description = "Created", body = QuestionDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "Invalid question"),
    )
)]
#[post("/quizzes/{id}/questions")]
pub async fn create_quiz_question(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateQuestion>,
) -> ApiResult<HttpResponse> {
    let question = questions::create(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(question))
}

/// The pool with its answer keys (course staff).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id"), PageQuery),
    responses(
        (status = 200, description = "One page, in pool order", body = Page<QuestionDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "limit out of range"),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/quizzes/{id}/questions")]
pub async fn list_quiz_questions(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<QuestionDto>>> {
    questions::list(&db, &actor, *id, &page.0).await.map(web::Json)
}

/// Remove a question nobody answered yet (course staff).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Question id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Already answered by learners"),
    )
)]
#[delete("/questions/{id}")]
pub async fn delete_question(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    questions::delete(&db, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Import questions from an Aiken or GIFT file sent as `text/plain` (UTF-8). Bad questions are
/// reported by line; the good ones are imported all the same.
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id"), FormatParam),
    request_body(content = String, content_type = "text/plain", description = "The question bank"),
    responses(
        (status = 200, description = "How many were imported, and the errors by line", body = QuestionImportReport),
        (status = 400, description = "Unknown format, or not UTF-8"),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 413, description = "Over 2 MiB"),
        (status = 415, description = "Not text/plain"),
    )
)]
#[post("/quizzes/{id}/questions/import")]
pub async fn import_quiz_questions(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    format: Query<FormatParam>,
    payload: web::Payload,
) -> ApiResult<web::Json<QuestionImportReport>> {
    let essence = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    if essence.as_deref() != Some("text/plain") {
        return Err(ApiError::UnsupportedMedia(Msg::new(
            "Kirim berkas sebagai text/plain.",
            "Send the file as text/plain.",
        )));
    }
    let mut payload = payload.into_inner();
    let body = read_body(&mut payload, IMPORT_LIMIT).await?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request(Msg::new("Berkas bukan UTF-8.", "The file is not UTF-8.")))?;
    let text = text.trim_start_matches('\u{feff}');
    let lang = Lang::from_request(&req);
    questions::import(&db, &clock, &actor, *id, &format.0.format, text, lang).await.map(web::Json)
}

/// The pool as GIFT (course staff).
#[utoipa::path(
    tag = "quizzes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quiz id"), FormatParam),
    responses(
        (status = 200, description = "The questions in GIFT", body = String, content_type = "text/plain"),
        (status = 400, description = "A format other than gift"),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/quizzes/{id}/questions/export")]
pub async fn export_quiz_questions(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    format: Query<FormatParam>,
) -> ApiResult<HttpResponse> {
    if format.0.format != "gift" {
        return Err(ApiError::bad_request(Msg::new(
            "Ekspor tersedia dalam format gift.",
            "Export is available as gift.",
        )));
    }
    let text = questions::export(&db, &actor, *id).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(text))
}
