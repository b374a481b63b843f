//! Uploads that are never completed expire: a sweep drops their bytes and marks them, so the
//! store does not fill with orphans. Upload keys a client may still write to (a presigned S3 PUT
//! cannot be revoked) are dropped once their URL has expired. Any node may run the sweeps; they
//! are safe to run twice.

use chrono::{DateTime, Utc};
use latih_kernel::ApiResult;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{media, upload_leftover};
use crate::model::MediaStatus;
use crate::service::complete::expire;
use crate::storage::{Storage, StorageError};

/// Expires up to `batch` pending uploads whose time ran out; answers how many.
pub async fn expire_stale_uploads(
    db: &DatabaseConnection,
    storage: &dyn Storage,
    now: DateTime<Utc>,
    batch: u64,
) -> ApiResult<usize> {
    let stale = media::Entity::find()
        .filter(media::Column::Status.eq(MediaStatus::Pending))
        .filter(media::Column::ExpiresAt.lte(now))
        .order_by_asc(media::Column::ExpiresAt)
        .limit(batch)
        .all(db)
        .await?;
    let count = stale.len();
    for row in stale {
        expire(db, storage, row).await?;
    }
    Ok(count)
}

/// Remembers that `key` may still be written to until `drop_after`, when the sweep drops it.
pub async fn leave_upload_key(db: &impl ConnectionTrait, key: &str, drop_after: DateTime<Utc>) -> ApiResult<()> {
    upload_leftover::Entity::insert(upload_leftover::ActiveModel {
        storage_key: Set(key.to_owned()),
        drop_after: Set(drop_after),
    })
    .on_conflict(
        OnConflict::column(upload_leftover::Column::StorageKey)
            .update_column(upload_leftover::Column::DropAfter)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Drops up to `batch` upload keys whose URLs have expired, with whatever a client sent to them
/// after the upload was completed or deleted; answers how many.
pub async fn drop_upload_leftovers(
    db: &DatabaseConnection,
    storage: &dyn Storage,
    now: DateTime<Utc>,
    batch: u64,
) -> ApiResult<usize> {
    let due = upload_leftover::Entity::find()
        .filter(upload_leftover::Column::DropAfter.lte(now))
        .order_by_asc(upload_leftover::Column::DropAfter)
        .limit(batch)
        .all(db)
        .await?;
    let mut dropped = 0;
    for leftover in due {
        match storage.delete(&leftover.storage_key).await {
            Ok(()) | Err(StorageError::Missing) => {}
            Err(error) => {
                tracing::warn!(%error, "could not drop an upload key");
                continue;
            }
        }
        upload_leftover::Entity::delete_by_id(leftover.storage_key).exec(db).await?;
        dropped += 1;
    }
    Ok(dropped)
}
