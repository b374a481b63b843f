//! `/courses/{id}/sessions` and `/sessions/{id}/...`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{Attendance, CreateSession, RegistrationDto, SessionDto, SessionRegistration};
use crate::service::sessions;

/// Schedule a classroom or webinar session (course staff). Classroom sessions need a `location`;
/// webinars a `meeting_url`. `speaker` is a display name (external speakers have no account);
/// `speaker_user_id` optionally links a person of the course's organization.
#[utoipa::path(
    tag = "sessions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = CreateSession,
    responses(
        (status = 201, description = "Scheduled", body = SessionDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "Invalid times, capacity, place, link or speaker; or a self-paced course"),
    )
)]
#[post("/courses/{id}/sessions")]
pub async fn create_course_session(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateSession>,
) -> ApiResult<HttpResponse> {
    let session = sessions::create(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(session))
}

/// The sessions of a course by start time, with seats left.
#[utoipa::path(
    tag = "sessions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<SessionDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/courses/{id}/sessions")]
pub async fn list_course_sessions(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<SessionDto>>> {
    sessions::list(&db, &actor, *id, &page.0).await.map(web::Json)
}

/// Take a seat (actively enrolled learners). Never over-booked, however many register at once.
#[utoipa::path(
    tag = "sessions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 201, description = "Registered", body = RegistrationDto),
        (status = 403, description = "Not enrolled in the course"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Full, already registered, or already started"),
    )
)]
#[post("/sessions/{id}/registrations")]
pub async fn register_for_session(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let registration = sessions::register(&db, &clock, &actor, *id).await?;
    Ok(HttpResponse::Created().json(registration))
}

/// Give one's seat back.
#[utoipa::path(
    tag = "sessions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Seat released"),
        (status = 404, description = "Not registered, or not visible"),
        (status = 409, description = "The session has started"),
    )
)]
#[delete("/sessions/{id}/registrations/me")]
pub async fn cancel_session_registration(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    sessions::unregister(&db, &clock, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who registered, with attendance (course staff).
#[utoipa::path(
    tag = "sessions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<SessionRegistration>),
        (status = 400, description = "Malformed cursor"),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/sessions/{id}/registrations")]
pub async fn list_session_registrations(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<SessionRegistration>>> {
    sessions::registrations(&db, &actor, *id, &page.0).await.map(web::Json)
}

/// Mark whether a registered learner attended (course staff).
#[utoipa::path(
    tag = "sessions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id"), ("user_id" = Uuid, Path, description = "The learner")),
    request_body = Attendance,
    responses(
        (status = 200, description = "Recorded", body = RegistrationDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Session absent, or the learner not registered"),
        (status = 422, description = "Invalid body"),
    )
)]
#[put("/sessions/{id}/attendance/{user_id}")]
pub async fn mark_session_attendance(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<Attendance>,
) -> ApiResult<web::Json<RegistrationDto>> {
    let (id, user_id) = path.into_inner();
    sessions::mark_attendance(&db, &clock, &actor, id, user_id, body.0.present).await.map(web::Json)
}
