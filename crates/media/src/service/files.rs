//! Reading, downloading and deleting files, and what other crates ask of them.

use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, TransactionTrait};
use uuid::Uuid;

use crate::entity::media;
use crate::model::MediaStatus;
use crate::service::MediaService;
use crate::service::cleanup::leave_upload_key;
use crate::service::uploads::storage_failure;
use crate::storage::DownloadRequest;

/// The file if the caller may read it, read in `txn`: its uploader, or whoever a policy allows
/// (staff and learners of a course that uses it, ...); everyone else 404.
async fn readable_in(
    txn: &DatabaseTransaction,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
) -> ApiResult<media::Model> {
    let row = media::Entity::find_by_id(media_id).one(txn).await?.ok_or_else(ApiError::not_found)?;
    if row.owner_id == actor.id || service.policies.may_read(txn, actor, media_id).await? {
        Ok(row)
    } else {
        Err(ApiError::not_found())
    }
}

/// The file if the caller may read it (see `readable_in`), in a transaction of its own that
/// only reads, so the policies see one state of the database.
pub async fn readable(
    db: &DatabaseConnection,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
) -> ApiResult<media::Model> {
    let txn = db.begin().await?;
    let row = readable_in(&txn, service, actor, media_id).await;
    txn.commit().await?;
    row
}

/// A file's facts, for its readers.
pub async fn get(
    db: &DatabaseConnection,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
) -> ApiResult<media::Model> {
    readable(db, service, actor, media_id).await
}

/// Why a file that is not `ready` cannot be read (409).
pub fn not_readable(status: MediaStatus) -> ApiError {
    match status {
        MediaStatus::Processing => ApiError::conflict(
            "media_processing",
            Msg::new("Berkas masih diperiksa; coba lagi nanti.", "The file is still being checked; try again later."),
        ),
        MediaStatus::Rejected | MediaStatus::Failed => ApiError::conflict(
            "media_rejected",
            Msg::new(
                "Pemeriksaan menolak berkas ini (lihat rejection_reason).",
                "The checks rejected this file (see rejection_reason).",
            ),
        ),
        _ => ApiError::conflict("media_not_ready", Msg::new("Berkas belum siap.", "The file is not ready.")),
    }
}

/// A short-lived URL of the file's bytes.
pub async fn download_url(
    db: &DatabaseConnection,
    clock: &Clock,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
    inline: bool,
) -> ApiResult<String> {
    let row = readable(db, service, actor, media_id).await?;
    if row.status != MediaStatus::Ready {
        return Err(not_readable(row.status));
    }
    let request = DownloadRequest {
        key: &row.storage_key,
        media_id: row.id,
        filename: &row.filename,
        content_type: &row.content_type,
        inline,
        expires_at: clock.now() + service.download_ttl,
    };
    service.storage.download_url(&request).await.map_err(storage_failure)
}

/// The uploader (or a platform admin) deletes a file nothing uses any more. Whether something
/// uses it is asked in the deleting transaction; the bytes are dropped after it commits, and
/// the sweep drops them should that fail (they stay recorded as a leftover, due at once).
pub async fn delete(
    db: &DatabaseConnection,
    clock: &Clock,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
) -> ApiResult<()> {
    let txn = db.begin().await?;
    let row = media::Entity::find_by_id(media_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    if row.owner_id != actor.id && !actor.is_platform_admin() {
        return Err(ApiError::not_found());
    }
    if service.policies.in_use(&txn, media_id).await? {
        return Err(ApiError::conflict(
            "media_in_use",
            Msg::new(
                "Berkas masih dipakai; lepaskan dulu dari pelajaran atau klaim.",
                "The file is still in use; detach it first.",
            ),
        ));
    }
    media::Entity::delete_by_id(row.id).exec(&txn).await?;
    // A pending upload's URL still writes to its key until it expires.
    let drop_after = if row.status == MediaStatus::Pending { row.expires_at } else { clock.now() };
    leave_upload_key(&txn, &row.storage_key, drop_after).await?;
    txn.commit().await?;
    if let Err(error) = service.storage.abort_upload(&row.storage_key, row.upload_id.as_deref()).await {
        tracing::warn!(%error, "could not drop a deleted file's bytes; the sweep will");
    }
    Ok(())
}

/// Whether a file may be attached by someone of `organization_id`: ready, and uploaded in that
/// organization. Answers a 422 on `field` otherwise (`media_not_ready` while it is pending or
/// being checked, `media_rejected` when the checks refused it).
pub async fn require_usable(
    db: &impl ConnectionTrait,
    media_id: Uuid,
    organization_id: Uuid,
    field: &str,
) -> ApiResult<media::Model> {
    let row = media::Entity::find_by_id(media_id).one(db).await?;
    match row {
        Some(row) if row.status == MediaStatus::Ready && row.organization_id == Some(organization_id) => Ok(row),
        Some(row)
            if row.organization_id == Some(organization_id)
                && matches!(row.status, MediaStatus::Rejected | MediaStatus::Failed) =>
        {
            Err(ApiError::invalid(
                field,
                "media_rejected",
                Msg::new("Pemeriksaan menolak berkas ini.", "The checks rejected this file."),
            ))
        }
        Some(row) if row.organization_id == Some(organization_id) => Err(ApiError::invalid(
            field,
            "media_not_ready",
            Msg::new("Berkas belum selesai diunggah dan diperiksa.", "The file is not uploaded and checked yet."),
        )),
        _ => Err(ApiError::invalid(field, "media_not_found", Msg::new("Berkas tidak dikenal.", "Unknown file."))),
    }
}
