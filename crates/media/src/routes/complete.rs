//! `POST /media/{id}/complete`.

use actix_web::{post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, OptionalJson};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CompleteUpload, MediaDto};
use crate::service::{MediaService, complete};

/// Check the uploaded file (size, SHA-256, real type from its first bytes) and make it `ready`.
/// Multipart uploads list their parts with ETags. A failed check deletes the file (422).
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Media id")),
    request_body(content = Option<CompleteUpload>, description = "Parts of a multipart upload; empty otherwise"),
    responses(
        (status = 200, description = "Ready", body = MediaDto),
        (status = 404, description = "Unknown, or not the caller's upload"),
        (status = 409, description = "Expired, failed before, or nothing uploaded yet"),
        (status = 422, description = "Size, checksum or real type disagree with the declaration"),
    )
)]
#[post("/media/{id}/complete")]
pub async fn complete_media_upload(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    service: web::Data<MediaService>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalJson<CompleteUpload>,
) -> ApiResult<web::Json<MediaDto>> {
    complete::complete(&db, &clock, &service, &actor, *id, body.0.unwrap_or_default()).await.map(web::Json)
}
