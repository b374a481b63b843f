//! `/mentorships`, `/me/mentorships` and `/mentorships/{id}/...`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use latih_kernel::idempotency::IdempotencyKey;
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateLog, CreateMentorship, CreateMessage, LogDto, MentorshipDto, MessageDto};
use crate::service::{mentoring, mentoring_logs};

/// Pair a mentor with a mentee of the organization (org admins).
#[utoipa::path(
    tag = "mentoring",
    security(("bearer" = [])),
    request_body = CreateMentorship,
    responses(
        (status = 201, description = "Paired", body = MentorshipDto),
        (status = 403, description = "Not an org admin"),
        (status = 422, description = "People not of the organization, not a mentor, or bad dates"),
    )
)]
#[post("/mentorships")]
pub async fn create_mentorship(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<CreateMentorship>,
) -> ApiResult<HttpResponse> {
    let pair = mentoring::create(&db, &clock, &actor, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(pair))
}

/// The caller's mentorships (as mentor or mentee); org admins also see their organization's,
/// without goals.
#[utoipa::path(
    tag = "mentoring",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<MentorshipDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/me/mentorships")]
pub async fn list_my_mentorships(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<MentorshipDto>>> {
    mentoring::list(&db, &actor, &page.0).await.map(web::Json)
}

/// Send a private message (the mentor and the mentee only).
#[utoipa::path(
    tag = "mentoring",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Mentorship id")),
    request_body = CreateMessage,
    responses(
        (status = 201, description = "Sent", body = MessageDto),
        (status = 404, description = "Absent, or not the caller's mentorship"),
        (status = 422, description = "Empty message"),
    )
)]
#[post("/mentorships/{id}/messages")]
pub async fn create_mentorship_message(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateMessage>,
) -> ApiResult<HttpResponse> {
    let message = mentoring::post_message(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(message))
}

/// The private messages, oldest first (the mentor and the mentee only).
#[utoipa::path(
    tag = "mentoring",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Mentorship id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<MessageDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 404, description = "Absent, or not the caller's mentorship"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/mentorships/{id}/messages")]
pub async fn list_mentorship_messages(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<MessageDto>>> {
    mentoring::messages(&db, &actor, *id, &page.0).await.map(web::Json)
}

/// Log a meeting (the mentee); accepts `Idempotency-Key`, so a retried request logs it once.
#[utoipa::path(
    tag = "mentoring",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Mentorship id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays answer the first result"),
    ),
    request_body = CreateLog,
    responses(
        (status = 201, description = "Logged", body = LogDto),
        (status = 400, description = "Malformed JSON"),
        (status = 403, description = "The mentor, not the mentee"),
        (status = 404, description = "Absent, or not the caller's mentorship"),
        (status = 409, description = "A request with this Idempotency-Key is still running (`request_in_progress`)"),
        (status = 415, description = "Not application/json"),
        (status = 422, description = "minutes outside 1 to 480 or over 480 that day (`over_daily_limit`), met_on after today or outside the mentorship (`outside_mentorship`)"),
    )
)]
#[post("/mentorships/{id}/logs")]
pub async fn create_mentoring_log(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<CreateLog>,
) -> ApiResult<HttpResponse> {
    let scope = format!("mentoring_log:{}", *id);
    let work = async { Ok((201, mentoring_logs::log_meeting(&db, &clock, &actor, *id, body.into_inner()).await?)) };
    let (status, log): (u16, LogDto) = key.run(&db, actor.id, &scope, clock.now(), work).await?;
    Ok(HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED)).json(log))
}

/// The meetings logged (the mentor and the mentee).
#[utoipa::path(
    tag = "mentoring",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Mentorship id"), PageQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<LogDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "limit out of range"),
        (status = 404, description = "Absent, or not the caller's mentorship"),
    )
)]
#[get("/mentorships/{id}/logs")]
pub async fn list_mentoring_logs(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<LogDto>>> {
    mentoring_logs::logs(&db, &actor, *id, &page.0).await.map(web::Json)
}

/// Confirm a meeting (the mentor): its minutes count toward the mentee's JP (45 minutes = 1 JP,
/// rounded down per year).
#[utoipa::path(
    tag = "mentoring",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Mentorship id"), ("log_id" = Uuid, Path, description = "Meeting log id")),
    responses(
        (status = 200, description = "Confirmed", body = LogDto),
        (status = 403, description = "The mentee, not the mentor"),
        (status = 404, description = "Absent, or not the caller's mentorship"),
        (status = 409, description = "Already confirmed"),
    )
)]
#[post("/mentorships/{id}/logs/{log_id}/confirm")]
pub async fn confirm_mentoring_log(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<LogDto>> {
    let (id, log_id) = path.into_inner();
    mentoring_logs::confirm(&db, &clock, &actor, id, log_id).await.map(web::Json)
}
