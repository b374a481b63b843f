//! `media.check`: the content check of a file too large to check inside `complete`. The bytes
//! are streamed from the store once (size, SHA-256, type from the first bytes, exactly as the
//! inline check); the file becomes `ready`, or `rejected` with the reason, its bytes deleted.
//! Only a `processing` row moves on (a conditional update), so a rerun changes nothing.

use std::time::Duration;

use latih_jobs::{Job, JobContext};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::media;
use crate::model::MediaStatus;
use crate::service::MediaService;
use crate::service::check::{disagreements, missing_bytes, read_back, set_rejection};
use crate::service::cleanup::leave_upload_key;
use crate::storage::StorageError;

/// Checks one completed large upload.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckMedia {
    pub media_id: Uuid,
    pub organization_id: Option<Uuid>,
}

#[async_trait::async_trait]
impl Job for CheckMedia {
    const KIND: &'static str = "media.check";
    const MAX_ATTEMPTS: i32 = 6;
    /// Reading 4 GiB back from an object store takes minutes, not seconds.
    const TIMEOUT: Duration = Duration::from_secs(30 * 60);
    const PRIORITY: i16 = 10;

    fn dedup_key(&self) -> Option<String> {
        Some(format!("media.check:{}", self.media_id))
    }

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }

    #[tracing::instrument(skip_all, fields(media.id = %self.media_id))]
    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let service = ctx.services.get::<MediaService>()?;
        let row = media::Entity::find_by_id(self.media_id).one(&ctx.db).await?;
        let Some(row) = row.filter(|row| row.status == MediaStatus::Processing) else {
            // Deleted, or settled by an earlier run.
            return Ok(());
        };
        let storage = service.storage.as_ref();
        let reason = match read_back(storage, &row.storage_key).await {
            Ok(checked) => disagreements(&row, &checked).0.into_iter().next(),
            Err(StorageError::Missing) => Some(missing_bytes()),
            // The store did not answer: try again later.
            Err(error) => return Err(anyhow::anyhow!("reading the file back failed: {error}")),
        };
        let mut changes = media::ActiveModel::default();
        match &reason {
            None => {
                changes.status = Set(MediaStatus::Ready);
                changes.completed_at = Set(Some(ctx.clock.now()));
            }
            Some(why) => {
                tracing::info!(code = %why.code, "a large upload failed its check");
                changes.status = Set(MediaStatus::Rejected);
                set_rejection(&mut changes, Some(why));
            }
        }
        let txn = ctx.db.begin().await?;
        let moved = media::Entity::update_many()
            .set(changes)
            .filter(media::Column::Id.eq(row.id))
            .filter(media::Column::Status.eq(MediaStatus::Processing))
            .exec(&txn)
            .await?;
        let rejected = moved.rows_affected == 1 && reason.is_some();
        if rejected {
            // The sweep drops the bytes for sure, should the delete below not get through.
            leave_upload_key(&txn, &row.storage_key, ctx.clock.now()).await?;
        }
        txn.commit().await?;
        if rejected {
            match storage.delete(&row.storage_key).await {
                Ok(()) | Err(StorageError::Missing) => {}
                Err(error) => tracing::warn!(%error, "could not delete a rejected file; the sweep will"),
            }
        }
        Ok(())
    }
}
