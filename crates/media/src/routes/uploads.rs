//! `POST /media/uploads` and, on local storage, the signed upload URL it hands out.

use std::io;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, put, web};
use futures_util::StreamExt;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Json, Msg, Query};
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

use crate::dto::{DeclareUpload, SignedQuery, UploadTicket};
use crate::entity::media;
use crate::model::{MediaStatus, essence};
use crate::service::{MediaService, uploads};
use crate::signing::Action;
use crate::storage::Storage;
use crate::storage::local::WriteError;

/// Declare a file before sending it. The purpose is checked against the caller's roles (403:
/// course materials and packages are for instructors and organization admins), type and size
/// against the purpose's allow-list (415, 413), and the declared size against the storage
/// quotas of the caller and their organization (413 `quota_exceeded` with `remaining_bytes`);
/// the answer says where and how to send the bytes.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    request_body = DeclareUpload,
    responses(
        (status = 201, description = "Where to send the bytes", body = UploadTicket),
        (status = 403, description = "A purpose the caller's roles do not allow"),
        (status = 413, description = "Larger than this purpose allows (`payload_too_large`), or more than the \
            caller's or their organization's storage quota has left (`quota_exceeded`, with `remaining_bytes`)"),
        (status = 415, description = "A type this purpose does not accept"),
        (status = 422, description = "Invalid name, size or SHA-256"),
    )
)]
#[post("/media/uploads")]
pub async fn declare_media_upload(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    service: web::Data<MediaService>,
    actor: AuthUser,
    body: Json<DeclareUpload>,
) -> ApiResult<HttpResponse> {
    let ticket = uploads::declare(&db, &clock, &service, &actor, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(ticket))
}

fn closed() -> ApiError {
    ApiError::conflict(
        "upload_closed",
        Msg::new("Unggahan ini sudah selesai atau kedaluwarsa.", "This upload is completed or expired."),
    )
}

/// Whether bytes may still be sent for `row`: pending and not expired.
fn open_for_upload(row: &media::Model, clock: &Clock) -> bool {
    row.status == MediaStatus::Pending && row.expires_at > clock.now()
}

fn refused() -> ApiError {
    ApiError::Forbidden(Msg::new("Tautan unggah tidak sah atau kedaluwarsa.", "The upload link is invalid or expired."))
}

/// The upload URL of local storage: send the bytes with the declared `Content-Type`. The
/// signed query stands in for a token; the body streams to disk and never exceeds the
/// declared size.
#[utoipa::path(
    tag = "media",
    params(("id" = Uuid, Path, description = "Media id"), SignedQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"),
    responses(
        (status = 200, description = "Stored; now call complete"),
        (status = 403, description = "Signature invalid or expired"),
        (status = 404, description = "Unknown upload, or the store is not local"),
        (status = 409, description = "Completed or expired, also when `complete` ran while the bytes came in: \
            a checked file is never replaced"),
        (status = 413, description = "More bytes than declared"),
        (status = 415, description = "Not the declared Content-Type"),
    )
)]
#[put("/media/uploads/{id}/content")]
pub async fn upload_media_content(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    service: web::Data<MediaService>,
    id: web::Path<Uuid>,
    query: Query<SignedQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let local = service.local.clone().ok_or_else(ApiError::not_found)?;
    let query = query.into_inner();
    if !service.signer.verify(*id, Action::Upload, query.expires, "", &query.signature, clock.now()) {
        return Err(refused());
    }
    let row = media::Entity::find_by_id(*id).one(&**db).await?.ok_or_else(ApiError::not_found)?;
    if !open_for_upload(&row, &clock) {
        return Err(closed());
    }
    let sent_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(essence);
    if sent_type.as_deref() != Some(row.content_type.as_str()) {
        return Err(ApiError::UnsupportedMedia(Msg::new(
            format!("Kirim dengan Content-Type {} seperti dinyatakan.", row.content_type),
            format!("Send with the declared Content-Type {}.", row.content_type),
        )));
    }
    let declared = u64::try_from(row.size).unwrap_or(0);
    let too_large = || ApiError::TooLarge(Msg::new("Lebih besar dari yang dinyatakan.", "Larger than declared."));
    let length =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if length.is_some_and(|l| l > declared) {
        return Err(too_large());
    }
    let body = payload.map(|chunk| chunk.map_err(|e| io::Error::other(e.to_string())));
    match local.write(&row.storage_key, body, declared).await {
        Ok(_) => {
            // `complete` may have run while the bytes streamed in: then they were written next
            // to the checked file, never over it, and are dropped here.
            let now = media::Entity::find_by_id(row.id).one(&**db).await?;
            if !now.is_some_and(|now| open_for_upload(&now, &clock) && now.storage_key == row.storage_key) {
                if let Err(error) = local.abort_upload(&row.storage_key, None).await {
                    tracing::warn!(%error, "could not drop a late upload");
                }
                return Err(closed());
            }
            Ok(HttpResponse::Ok().insert_header((header::ETAG, format!("\"{}\"", row.id.simple()))).finish())
        }
        Err(WriteError::TooLarge) => Err(too_large()),
        Err(WriteError::Io(error)) => {
            tracing::warn!(%error, "upload interrupted");
            Err(ApiError::bad_request(Msg::new("Unggahan terputus.", "The upload was cut off.")))
        }
    }
}
