//! Completing an upload: the bytes are first moved to a key of the server's own (so the upload
//! URL, which works until it expires, cannot replace a checked file), then read back once, as a
//! stream, to check their size, SHA-256 and real type; a failed check deletes them.

use futures_util::StreamExt;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::dto::{CompleteUpload, MediaDto};
use crate::entity::media;
use crate::model::{MediaStatus, detect, detected_matches};
use crate::service::MediaService;
use crate::service::cleanup::leave_upload_key;
use crate::service::uploads::storage_failure;
use crate::storage::{CompletedPart, Storage, StorageError};

/// How many leading bytes the type is recognised from (office files need to see their zip
/// directory entries).
const HEAD: usize = 64 * 1024;

/// What reading the object back found.
struct Checked {
    size: u64,
    sha256: String,
    detected: Option<&'static str>,
}

async fn read_back(storage: &dyn Storage, key: &str) -> ApiResult<Checked> {
    let mut stream = storage.open(key).await.map_err(storage_failure)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(HEAD);
    let mut size = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(ApiError::internal)?;
        size += chunk.len() as u64;
        if head.len() < HEAD {
            let take = (HEAD - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(&chunk);
    }
    Ok(Checked { size, sha256: hex::encode(hasher.finalize()), detected: detect(&head) })
}

/// Where a checked file lives: never the key its upload URL pointed at.
pub fn final_key(row: &media::Model) -> String {
    format!("files/{}/{}", row.created_at.format("%Y/%m"), row.id)
}

/// The largest object S3 copies in one request. Only multipart uploads get larger; their part
/// URLs stop working once the parts are joined, so such a file stays where it was joined.
const COPY_LIMIT: i64 = 5 * 1024 * 1024 * 1024;

fn upload_missing() -> ApiError {
    ApiError::conflict("upload_missing", Msg::new("Belum ada berkas yang diunggah.", "Nothing has been uploaded yet."))
}

/// Joins the parts of a multipart upload, then moves the bytes to the key readers will get;
/// answers that key.
async fn settle(storage: &dyn Storage, row: &media::Model, input: CompleteUpload) -> ApiResult<String> {
    if let Some(upload_id) = &row.upload_id {
        let parts: Vec<CompletedPart> = input
            .parts
            .unwrap_or_default()
            .into_iter()
            .map(|p| CompletedPart { part_number: p.part_number, etag: p.etag })
            .collect();
        if parts.is_empty() {
            return Err(ApiError::invalid(
                "parts",
                "required",
                Msg::new("Sebutkan setiap bagian dengan ETag-nya.", "List every part with its ETag."),
            ));
        }
        storage.complete_multipart(&row.storage_key, upload_id, &parts).await.map_err(storage_failure)?;
        if row.size > COPY_LIMIT {
            return Ok(row.storage_key.clone());
        }
    }
    let target = final_key(row);
    match storage.finalize(&row.storage_key, &target).await {
        Ok(()) => Ok(target),
        // A complete that stopped after the move: the bytes are already in place.
        Err(StorageError::Missing) if storage.size(&target).await.map_err(storage_failure)?.is_some() => Ok(target),
        Err(StorageError::Missing) => Err(upload_missing()),
        Err(error) => Err(storage_failure(error)),
    }
}

fn expired() -> ApiError {
    ApiError::conflict(
        "upload_expired",
        Msg::new("Waktu unggah sudah habis; mulai unggahan baru.", "The upload expired; declare a new one."),
    )
}

/// Marks the upload expired and drops whatever of it arrived.
pub async fn expire(db: &DatabaseConnection, storage: &dyn Storage, row: media::Model) -> ApiResult<()> {
    if let Err(error) = storage.abort_upload(&row.storage_key, row.upload_id.as_deref()).await {
        tracing::warn!(media.id = %row.id, %error, "could not drop an expired upload");
    }
    let mut active = row.into_active_model();
    active.status = Set(MediaStatus::Expired);
    active.upload_id = Set(None);
    active.update(db).await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(media.id = %media_id))]
pub async fn complete(
    db: &DatabaseConnection,
    clock: &Clock,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
    input: CompleteUpload,
) -> ApiResult<MediaDto> {
    let row = media::Entity::find_by_id(media_id).one(db).await?.filter(|m| m.owner_id == actor.id);
    let row = row.ok_or_else(ApiError::not_found)?;
    match row.status {
        MediaStatus::Ready => return Ok(row.into()),
        MediaStatus::Expired => return Err(expired()),
        MediaStatus::Failed => {
            return Err(ApiError::conflict(
                "upload_failed",
                Msg::new(
                    "Unggahan ini sudah gagal diperiksa; mulai unggahan baru.",
                    "This upload failed its checks; declare a new one.",
                ),
            ));
        }
        MediaStatus::Pending if row.expires_at <= clock.now() => {
            expire(db, service.storage.as_ref(), row).await?;
            return Err(expired());
        }
        MediaStatus::Pending => {}
    }
    let storage = service.storage.as_ref();
    let target = settle(storage, &row, input).await?;
    let checked = read_back(storage, &target).await?;
    let mut errors = FieldErrors::new();
    if i64::try_from(checked.size).ok() != Some(row.size) {
        errors.add(
            "size",
            "size_mismatch",
            Msg::new(
                format!("Ukuran {} bita, bukan {} seperti dinyatakan.", checked.size, row.size),
                format!("The file has {} bytes, not the {} declared.", checked.size, row.size),
            ),
        );
    }
    if checked.sha256 != row.sha256 {
        errors.add("sha256", "checksum_mismatch", Msg::new("SHA-256 tidak cocok.", "The SHA-256 does not match."));
    }
    if !detected_matches(&row.content_type, checked.detected) {
        let found = checked.detected.unwrap_or("unknown");
        errors.add(
            "content_type",
            "type_mismatch",
            Msg::new(
                format!("Isi berkas berjenis {found}, bukan {}.", row.content_type),
                format!("The file's content is {found}, not {}.", row.content_type),
            ),
        );
    }
    let (status, completed_at) =
        if errors.is_empty() { (MediaStatus::Ready, Some(clock.now())) } else { (MediaStatus::Failed, None) };
    if status == MediaStatus::Failed
        && let Err(error) = storage.delete(&target).await
    {
        tracing::warn!(%error, "could not delete a rejected upload");
    }
    // Only a pending upload moves on, so two completes racing each other settle it once; the
    // upload key is dropped for good once its URL has expired.
    let txn = db.begin().await?;
    media::Entity::update_many()
        .set(media::ActiveModel {
            status: Set(status),
            storage_key: Set(target.clone()),
            upload_id: Set(None),
            completed_at: Set(completed_at),
            ..Default::default()
        })
        .filter(media::Column::Id.eq(row.id))
        .filter(media::Column::Status.eq(MediaStatus::Pending))
        .exec(&txn)
        .await?;
    if target != row.storage_key {
        leave_upload_key(&txn, &row.storage_key, row.expires_at).await?;
    }
    txn.commit().await?;
    // Whatever a late request sent to the upload URL since the move is dropped.
    if target != row.storage_key
        && let Err(error) = storage.delete(&row.storage_key).await
    {
        tracing::warn!(%error, "could not drop the upload key of a finished upload");
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let settled = media::Entity::find_by_id(row.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    Ok(settled.into())
}
