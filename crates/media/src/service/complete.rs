//! Completing an upload: the bytes are first moved to a key of the server's own (so the upload
//! URL, which works until it expires, cannot replace a checked file). A small file is then read
//! back once, as a stream, to check its size, SHA-256 and real type, and is `ready` or `failed`
//! at once (a failed check deletes it). A file larger than the inline limit is `processing`, and
//! a `media.check` job, enqueued in the same transaction, checks it (see `jobs::check`).

use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg};
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use crate::dto::CompleteUpload;
use crate::entity::media;
use crate::jobs::check::CheckMedia;
use crate::model::MediaStatus;
use crate::service::MediaService;
use crate::service::check::{disagreements, read_back, set_rejection};
use crate::service::cleanup::leave_upload_key;
use crate::service::uploads::storage_failure;
use crate::storage::{CompletedPart, Storage, StorageError};

/// What `complete` made of an upload.
#[derive(Debug)]
pub enum Completed {
    /// Checked and readable (200).
    Ready(media::Model),
    /// Accepted; a job checks it (202). Poll `GET /media/{id}`.
    Processing(media::Model),
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

/// Marks the upload expired and drops whatever of it arrived. Only a pending upload expires,
/// so a `complete` that won a race with the sweep keeps its file.
pub async fn expire(db: &DatabaseConnection, storage: &dyn Storage, row: media::Model) -> ApiResult<()> {
    let moved = media::Entity::update_many()
        .set(media::ActiveModel { status: Set(MediaStatus::Expired), upload_id: Set(None), ..Default::default() })
        .filter(media::Column::Id.eq(row.id))
        .filter(media::Column::Status.eq(MediaStatus::Pending))
        .exec(db)
        .await?;
    if moved.rows_affected == 1
        && let Err(error) = storage.abort_upload(&row.storage_key, row.upload_id.as_deref()).await
    {
        tracing::warn!(media.id = %row.id, %error, "could not drop an expired upload");
    }
    Ok(())
}

fn rejected() -> ApiError {
    ApiError::conflict(
        "upload_rejected",
        Msg::new(
            "Pemeriksaan menolak berkas ini (lihat rejection_reason); mulai unggahan baru.",
            "The checks rejected this file (see rejection_reason); declare a new one.",
        ),
    )
}

/// The answer for an upload that was completed before (a repeated `complete` answers the same).
fn answer(row: media::Model) -> ApiResult<Completed> {
    match row.status {
        MediaStatus::Ready => Ok(Completed::Ready(row)),
        MediaStatus::Processing => Ok(Completed::Processing(row)),
        MediaStatus::Rejected => Err(rejected()),
        MediaStatus::Expired => Err(expired()),
        MediaStatus::Failed | MediaStatus::Pending => Err(ApiError::conflict(
            "upload_failed",
            Msg::new(
                "Unggahan ini sudah gagal diperiksa; mulai unggahan baru.",
                "This upload failed its checks; declare a new one.",
            ),
        )),
    }
}

/// Moves a pending upload on to `status` with its bytes at `target`. Only a pending upload
/// moves, so two completes racing each other settle it once; answers whether this call did.
/// The upload key is dropped for good once its URL has expired.
async fn settle_row(
    txn: &DatabaseTransaction,
    row: &media::Model,
    target: &str,
    mut changes: media::ActiveModel,
) -> ApiResult<bool> {
    changes.storage_key = Set(target.to_owned());
    changes.upload_id = Set(None);
    let moved = media::Entity::update_many()
        .set(changes)
        .filter(media::Column::Id.eq(row.id))
        .filter(media::Column::Status.eq(MediaStatus::Pending))
        .exec(txn)
        .await?;
    if moved.rows_affected == 1 && target != row.storage_key {
        leave_upload_key(txn, &row.storage_key, row.expires_at).await?;
    }
    Ok(moved.rows_affected == 1)
}

/// Whatever a late request sent to the upload URL since the move is dropped.
async fn drop_upload_key(storage: &dyn Storage, row: &media::Model, target: &str) {
    if target != row.storage_key
        && let Err(error) = storage.delete(&row.storage_key).await
    {
        tracing::warn!(%error, "could not drop the upload key of a finished upload");
    }
}

#[tracing::instrument(skip_all, fields(media.id = %media_id))]
pub async fn complete(
    db: &DatabaseConnection,
    clock: &Clock,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
    input: CompleteUpload,
) -> ApiResult<Completed> {
    let row = media::Entity::find_by_id(media_id).one(db).await?.filter(|m| m.owner_id == actor.id);
    let row = row.ok_or_else(ApiError::not_found)?;
    match row.status {
        MediaStatus::Pending if row.expires_at <= clock.now() => {
            expire(db, service.storage.as_ref(), row).await?;
            return Err(expired());
        }
        MediaStatus::Pending => {}
        _ => return answer(row),
    }
    let storage = service.storage.as_ref();
    let target = settle(storage, &row, input).await?;
    if u64::try_from(row.size).unwrap_or(u64::MAX) > service.limits.inline_check {
        return hand_to_job(db, clock, storage, &row, &target).await;
    }
    let checked = read_back(storage, &target).await.map_err(storage_failure)?;
    let errors = disagreements(&row, &checked);
    let mut changes = media::ActiveModel::default();
    if errors.is_empty() {
        changes.status = Set(MediaStatus::Ready);
        changes.completed_at = Set(Some(clock.now()));
    } else {
        changes.status = Set(MediaStatus::Failed);
        changes.completed_at = Set(None);
        set_rejection(&mut changes, errors.0.first());
        if let Err(error) = storage.delete(&target).await {
            tracing::warn!(%error, "could not delete a rejected upload");
        }
    }
    let txn = db.begin().await?;
    settle_row(&txn, &row, &target, changes).await?;
    txn.commit().await?;
    drop_upload_key(storage, &row, &target).await;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let settled = media::Entity::find_by_id(row.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    answer(settled)
}

/// A large file: `processing`, with its check queued in the same transaction.
async fn hand_to_job(
    db: &DatabaseConnection,
    clock: &Clock,
    storage: &dyn Storage,
    row: &media::Model,
    target: &str,
) -> ApiResult<Completed> {
    let changes = media::ActiveModel { status: Set(MediaStatus::Processing), ..Default::default() };
    let txn = db.begin().await?;
    if settle_row(&txn, row, target, changes).await? {
        let job = CheckMedia { media_id: row.id, organization_id: row.organization_id };
        latih_jobs::enqueue(&txn, clock, &job).await?;
    }
    txn.commit().await?;
    drop_upload_key(storage, row, target).await;
    let settled = media::Entity::find_by_id(row.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    answer(settled)
}
