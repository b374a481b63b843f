//! `GET/DELETE /media/{id}` and `GET /media/{id}/download`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Lang, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{DownloadParams, MediaDto};
use crate::service::{MediaService, files};

/// A file's facts, for its readers: the uploader, staff of a course that uses it, learners
/// enrolled in such a course. A large file is `processing` after `complete` until its check
/// ends: `ready`, or `rejected` with `rejection_reason`.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Media id")),
    responses(
        (status = 200, description = "The file", body = MediaDto),
        (status = 404, description = "Absent or not readable by the caller"),
    )
)]
#[get("/media/{id}")]
pub async fn get_media(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    service: web::Data<MediaService>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<MediaDto>> {
    let lang = Lang::from_request(&req);
    files::get(&db, &service, &actor, *id).await.map(|row| web::Json(MediaDto::new(row, lang)))
}

/// Redirect to a short-lived URL of the bytes (presigned on S3, signed API URL locally); the
/// URL honours `Range`.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Media id"), DownloadParams),
    responses(
        (status = 302, description = "Go to `Location`", headers(("Location" = String))),
        (status = 404, description = "Absent or not readable by the caller"),
        (status = 409, description = "Not ready: pending (`media_not_ready`), being checked (`media_processing`), \
            or rejected by the checks (`media_rejected`)"),
    )
)]
#[get("/media/{id}/download")]
pub async fn download_media(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    service: web::Data<MediaService>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    params: Query<DownloadParams>,
) -> ApiResult<HttpResponse> {
    let url = files::download_url(&db, &clock, &service, &actor, *id, params.0.inline).await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, url))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// Delete a file (its uploader); a file a lesson or claim still uses is a 409.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Media id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "Absent or not the caller's"),
        (status = 409, description = "Still in use"),
    )
)]
#[delete("/media/{id}")]
pub async fn delete_media(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    service: web::Data<MediaService>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    files::delete(&db, &clock, &service, &actor, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
