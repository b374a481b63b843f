//! Reading, downloading and deleting files, and what other crates ask of them.

use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg};
use sea_orm::{DatabaseConnection, EntityTrait, TransactionTrait};
use uuid::Uuid;

use crate::dto::MediaDto;
use crate::entity::media;
use crate::model::MediaStatus;
use crate::service::MediaService;
use crate::service::cleanup::leave_upload_key;
use crate::service::uploads::storage_failure;
use crate::storage::DownloadRequest;

/// The file if the caller may read it: its uploader, or whoever a policy allows (staff and
/// learners of a course that uses it, ...); everyone else 404.
pub async fn readable(
    db: &DatabaseConnection,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
) -> ApiResult<media::Model> {
    let row = media::Entity::find_by_id(media_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if row.owner_id == actor.id || service.policies.may_read(db, actor, media_id).await? {
        Ok(row)
    } else {
        Err(ApiError::not_found())
    }
}

pub async fn get(
    db: &DatabaseConnection,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
) -> ApiResult<MediaDto> {
    readable(db, service, actor, media_id).await.map(MediaDto::from)
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
        return Err(ApiError::conflict("media_not_ready", Msg::new("Berkas belum siap.", "The file is not ready.")));
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

/// The uploader (or a platform admin) deletes a file nothing uses any more.
pub async fn delete(
    db: &DatabaseConnection,
    service: &MediaService,
    actor: &AuthUser,
    media_id: Uuid,
) -> ApiResult<()> {
    let row = media::Entity::find_by_id(media_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if row.owner_id != actor.id && !actor.is_platform_admin() {
        return Err(ApiError::not_found());
    }
    if service.policies.in_use(db, media_id).await? {
        return Err(ApiError::conflict(
            "media_in_use",
            Msg::new(
                "Berkas masih dipakai; lepaskan dulu dari pelajaran atau klaim.",
                "The file is still in use; detach it first.",
            ),
        ));
    }
    service.storage.delete(&row.storage_key).await.map_err(storage_failure)?;
    let txn = db.begin().await?;
    media::Entity::delete_by_id(row.id).exec(&txn).await?;
    // A pending upload's URL still writes to its key until it expires.
    if row.status == MediaStatus::Pending {
        leave_upload_key(&txn, &row.storage_key, row.expires_at).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether a file may be attached by someone of `organization_id`: ready, and uploaded in that
/// organization. Answers a 422 on `field` otherwise.
pub async fn require_usable(
    db: &DatabaseConnection,
    media_id: Uuid,
    organization_id: Uuid,
    field: &str,
) -> ApiResult<media::Model> {
    let row = media::Entity::find_by_id(media_id).one(db).await?;
    match row {
        Some(row) if row.status == MediaStatus::Ready && row.organization_id == Some(organization_id) => Ok(row),
        Some(row) if row.organization_id == Some(organization_id) => Err(ApiError::invalid(
            field,
            "media_not_ready",
            Msg::new("Berkas belum selesai diunggah dan diperiksa.", "The file is not uploaded and checked yet."),
        )),
        _ => Err(ApiError::invalid(field, "media_not_found", Msg::new("Berkas tidak dikenal.", "Unknown file."))),
    }
}
