//! Uploads that are never completed expire: a sweep drops their bytes and marks them, so the
//! store does not fill with orphans. Upload keys a client may still write to (a presigned S3 PUT
//! cannot be revoked) are dropped once their URL has expired, and so are the bytes of files the
//! checks rejected. The sweeps run as scheduled jobs (`jobs::sweep`) on any node; they are safe
//! to run twice.

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

/// Remembers that `key` may still be written to until `drop_after`, when the sweep drops it
/// (also used, due at once, for bytes that must go whatever happens to the request deleting them).
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

/// What one batch of `drop_upload_leftovers` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Swept {
    /// Keys that were due.
    pub found: u64,
    /// Of those, the keys dropped (the store refused the others; they stay for the next run).
    pub dropped: u64,
}

/// Drops up to `batch` upload keys whose URLs have expired, with whatever a client sent to them
/// after the upload was completed or deleted.
pub async fn drop_upload_leftovers(
    db: &DatabaseConnection,
    storage: &dyn Storage,
    now: DateTime<Utc>,
    batch: u64,
) -> ApiResult<Swept> {
    let due = upload_leftover::Entity::find()
        .filter(upload_leftover::Column::DropAfter.lte(now))
        .order_by_asc(upload_leftover::Column::DropAfter)
        .limit(batch)
        .all(db)
        .await?;
    let found = due.len() as u64;
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
    Ok(Swept { found, dropped })
}
