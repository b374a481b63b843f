//! `/courses/{id}/threads` and `/threads/{id}/...`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, OptionalJson, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreateThread, Flag, ThreadDto, ThreadListParams};
use crate::service::threads;

/// Open a thread (enrolled learners and course staff). Course staff hear of new questions.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id")),
    request_body = CreateThread,
    responses(
        (status = 201, description = "Opened", body = ThreadDto),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Course absent or not visible"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/courses/{id}/threads")]
pub async fn create_course_thread(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateThread>,
) -> ApiResult<HttpResponse> {
    let thread = threads::create(&db, &clock, &actor, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(thread))
}

/// A course's threads: newest activity first, or `sort=unanswered` for questions without an
/// accepted answer.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Course id"), ThreadListParams, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<ThreadDto>),
        (status = 400, description = "Unknown sort or malformed cursor"),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Course absent or not visible"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/courses/{id}/threads")]
pub async fn list_course_threads(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    params: Query<ThreadListParams>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<ThreadDto>>> {
    threads::list(&db, &actor, *id, &params.0, &page.0).await.map(web::Json)
}

/// A thread.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    responses(
        (status = 200, description = "The thread", body = ThreadDto),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[get("/threads/{id}")]
pub async fn get_thread(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ThreadDto>> {
    threads::get(&db, &actor, *id).await.map(web::Json)
}

/// Pin a thread (course staff); `{"value": false}` unpins.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    request_body(content = Option<Flag>, description = "Empty to pin"),
    responses(
        (status = 200, description = "The thread", body = ThreadDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[post("/threads/{id}/pin")]
pub async fn pin_thread(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalJson<Flag>,
) -> ApiResult<web::Json<ThreadDto>> {
    let value = body.0.and_then(|f| f.value).unwrap_or(true);
    threads::set_flag(&db, &actor, *id, true, value).await.map(web::Json)
}

/// Lock a thread (course staff): no new posts; `{"value": false}` unlocks.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    request_body(content = Option<Flag>, description = "Empty to lock"),
    responses(
        (status = 200, description = "The thread", body = ThreadDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[post("/threads/{id}/lock")]
pub async fn lock_thread(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalJson<Flag>,
) -> ApiResult<web::Json<ThreadDto>> {
    let value = body.0.and_then(|f| f.value).unwrap_or(true);
    threads::set_flag(&db, &actor, *id, false, value).await.map(web::Json)
}

/// Follow a thread: hear of its new posts.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    responses(
        (status = 204, description = "Following"),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[put("/threads/{id}/subscription")]
pub async fn subscribe_thread(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    threads::subscribe(&db, &clock, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stop following a thread.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    responses(
        (status = 204, description = "Not following"),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[delete("/threads/{id}/subscription")]
pub async fn unsubscribe_thread(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    threads::unsubscribe(&db, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
