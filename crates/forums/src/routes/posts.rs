//! `/threads/{id}/posts` and `/posts/{id}/...`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use latih_kernel::idempotency::IdempotencyKey;
use latih_kernel::{ApiResult, AuthUser, Clock, Json, OptionalJson, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CreatePost, CreateReport, Flag, PostDto, ReportDto, ThreadDto, UpdatePost};
use crate::service::posts;

/// Post in a thread (enrolled learners and course staff); accepts `Idempotency-Key`. The
/// thread's author and followers hear of it, never the poster.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Thread id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays answer the first result"),
    ),
    request_body = CreatePost,
    responses(
        (status = 201, description = "Posted", body = PostDto),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "The thread is locked"),
        (status = 422, description = "Invalid body or parent"),
    )
)]
#[post("/threads/{id}/posts")]
pub async fn create_thread_post(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: Json<CreatePost>,
) -> ApiResult<HttpResponse> {
    let scope = format!("post:{}", *id);
    let work = async { Ok((201, posts::create(&db, &clock, &actor, *id, body.into_inner()).await?)) };
    let (status, post): (u16, PostDto) = key.run(&db, actor.id, &scope, clock.now(), work).await?;
    Ok(HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::CREATED),
    )
    .json(post))
}

/// A thread's posts, oldest first; removed ones read "removed".
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<PostDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/threads/{id}/posts")]
pub async fn list_thread_posts(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<PostDto>>> {
    posts::list(&db, &actor, *id, &page.0).await.map(web::Json)
}

/// Edit a post: its author within 30 minutes, course staff any time.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    request_body = UpdatePost,
    responses(
        (status = 200, description = "Edited", body = PostDto),
        (status = 403, description = "Not the author, or the edit window has passed"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Removed"),
        (status = 422, description = "Invalid body"),
    )
)]
#[patch("/posts/{id}")]
pub async fn update_post(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdatePost>,
) -> ApiResult<web::Json<PostDto>> {
    posts::update(&db, &clock, &actor, *id, &body.0.body).await.map(web::Json)
}

/// Remove a post (its author, course staff); the thread stays readable.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    responses(
        (status = 200, description = "Removed", body = PostDto),
        (status = 403, description = "Neither the author nor course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[delete("/posts/{id}")]
pub async fn delete_post(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PostDto>> {
    posts::remove(&db, &clock, &actor, *id).await.map(web::Json)
}

/// Accept this post as the answer to its question (the question's author, course staff).
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    responses(
        (status = 200, description = "The thread with accepted_post_id", body = ThreadDto),
        (status = 403, description = "Neither the question's author nor course staff"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "Not a question, or the post was removed"),
    )
)]
#[post("/posts/{id}/accept")]
pub async fn accept_post(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ThreadDto>> {
    posts::accept(&db, &clock, &actor, *id).await.map(web::Json)
}

/// Report a post to course staff, once per person.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    request_body = CreateReport,
    responses(
        (status = 201, description = "Reported", body = ReportDto),
        (status = 400, description = "Malformed JSON"),
        (status = 403, description = "Not enrolled"),
        (status = 404, description = "Absent or not visible"),
        (status = 409, description = "The caller already reported this post (`already_reported`)"),
        (status = 415, description = "Not application/json"),
        (status = 422, description = "No reason"),
    )
)]
#[post("/posts/{id}/reports")]
pub async fn report_post(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CreateReport>,
) -> ApiResult<HttpResponse> {
    let report = posts::report(&db, &clock, &actor, *id, &body.0.reason).await?;
    Ok(HttpResponse::Created().json(report))
}

/// Hide a post (course staff); `{"value": false}` shows it again.
#[utoipa::path(
    tag = "forums",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Post id")),
    request_body(content = Option<Flag>, description = "Empty to hide"),
    responses(
        (status = 200, description = "The post", body = PostDto),
        (status = 403, description = "Not course staff"),
        (status = 404, description = "Absent or not visible"),
    )
)]
#[post("/posts/{id}/hide")]
pub async fn hide_post(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalJson<Flag>,
) -> ApiResult<web::Json<PostDto>> {
    let hidden = body.0.and_then(|f| f.value).unwrap_or(true);
    posts::hide(&db, &actor, *id, hidden).await.map(web::Json)
}
