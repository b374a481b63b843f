//! `POST /media/{id}/complete`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Lang, OptionalJson};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CompleteUpload, MediaDto};
use crate::service::complete::Completed;
use crate::service::{MediaService, complete};

/// Seal the uploaded file and check it (size, SHA-256, real type from its first bytes).
/// Multipart uploads list their parts with ETags. A file up to the inline limit
/// (`LATIH_MEDIA_INLINE_CHECK_BYTES`, 8 MiB by default) is checked at once: 200 `ready`, or 422
/// and the file is deleted. A larger file answers 202 `processing` while a job checks it; poll
/// `GET /media/{id}` until it is `ready` or `rejected` (with `rejection_reason`). Completing
/// again answers the same.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Media id")),
    request_body(content = Option<CompleteUpload>, description = "Parts of a multipart upload; empty otherwise"),
    responses(
        (status = 200, description = "Checked and ready", body = MediaDto),
        (status = 202, description = "Large file accepted, `processing`: a job checks it", body = MediaDto),
        (status = 404, description = "Unknown, or not the caller's upload"),
        (status = 409, description = "Expired (`upload_expired`), failed or rejected before (`upload_failed`, \
            `upload_rejected`), or nothing uploaded yet (`upload_missing`)"),
        (status = 422, description = "Size, checksum or real type disagree with the declaration"),
    )
)]
#[post("/media/{id}/complete")]
pub async fn complete_media_upload(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    service: web::Data<MediaService>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalJson<CompleteUpload>,
) -> ApiResult<HttpResponse> {
    let lang = Lang::from_request(&req);
    Ok(match complete::complete(&db, &clock, &service, &actor, *id, body.0.unwrap_or_default()).await? {
        Completed::Ready(row) => HttpResponse::Ok().json(MediaDto::new(row, lang)),
        Completed::Processing(row) => HttpResponse::Accepted().json(MediaDto::new(row, lang)),
    })
}
