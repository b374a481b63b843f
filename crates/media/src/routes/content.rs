//! `GET /media/{id}/content`: the signed download URL of local storage, with `Range` (206) for
//! players that seek, `If-None-Match`, and `nosniff`.

use actix_files::NamedFile;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use latih_kernel::{ApiError, ApiResult, Clock, Msg, Query};
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

use crate::dto::SignedQuery;
use crate::entity::media;
use crate::model::MediaStatus;
use crate::service::MediaService;
use crate::signing::Action;
use crate::storage::content_disposition;

/// The bytes of a ready file, streamed from disk.
#[utoipa::path(
    tag = "media",
    params(("id" = Uuid, Path, description = "Media id"), SignedQuery),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 206, description = "The requested range", content_type = "application/octet-stream"),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 403, description = "Signature invalid or expired"),
        (status = 404, description = "Unknown, not ready, or the store is not local"),
        (status = 416, description = "Range not satisfiable"),
    )
)]
#[get("/media/{id}/content")]
pub async fn get_media_content(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    service: web::Data<MediaService>,
    id: web::Path<Uuid>,
    query: Query<SignedQuery>,
) -> ApiResult<HttpResponse> {
    let local = service.local.clone().ok_or_else(ApiError::not_found)?;
    let query = query.into_inner();
    let disposition = if query.inline { "inline" } else { "" };
    if !service.signer.verify(*id, Action::Download, query.expires, disposition, &query.signature, clock.now()) {
        return Err(ApiError::Forbidden(Msg::new(
            "Tautan unduh tidak sah atau kedaluwarsa.",
            "The download link is invalid or expired.",
        )));
    }
    let row = media::Entity::find_by_id(*id).one(&**db).await?.filter(|m| m.status == MediaStatus::Ready);
    let row = row.ok_or_else(ApiError::not_found)?;
    let file = NamedFile::open_async(local.path(&row.storage_key)).await.map_err(|_| ApiError::not_found())?;
    let content_type = row.content_type.parse().unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    let mut response =
        file.set_content_type(content_type).disable_content_disposition().use_last_modified(true).into_response(&req);
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Uploaded bytes never run as a page of the API's origin; viewers may still embed them.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'",
        ),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&row.filename, query.inline)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
