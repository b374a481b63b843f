//! Uploads that are never completed expire: a sweep drops their bytes and marks them, so the
//! store does not fill with orphans. Any node may run it; it is safe to run twice.

use chrono::{DateTime, Utc};
use latih_kernel::ApiResult;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::media;
use crate::model::MediaStatus;
use crate::service::complete::expire;
use crate::storage::Storage;

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
