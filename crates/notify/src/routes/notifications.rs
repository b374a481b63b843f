//! `/me/notifications`.

use actix_web::{HttpRequest, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Lang, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;

use crate::dto::{MarkRead, MarkedRead, NotificationDto, NotificationParams};
use crate::service::notifications;

/// The caller's notifications, newest first, in their language (their `language`, else
/// `Accept-Language`).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationParams, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<NotificationDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/me/notifications")]
pub async fn list_my_notifications(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    params: Query<NotificationParams>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<NotificationDto>>> {
    let lang = Lang::from_request(&req);
    notifications::mine(&db, &actor, lang, &params.0, &page.0).await.map(web::Json)
}

/// Mark notifications read, many at once (up to 500); others' ids are ignored.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = MarkRead,
    responses(
        (status = 200, description = "How many were marked", body = MarkedRead),
        (status = 422, description = "Too many ids"),
    )
)]
#[post("/me/notifications/read")]
pub async fn mark_notifications_read(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<MarkRead>,
) -> ApiResult<web::Json<MarkedRead>> {
    notifications::mark_read(&db, &clock, &actor, body.into_inner().ids).await.map(web::Json)
}
