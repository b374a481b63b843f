//! The two sweeps, as scheduled jobs that any node may run (one per due time, cluster-wide):
//! pending uploads whose time ran out are expired and their bytes dropped; upload keys whose
//! URLs have expired are dropped with whatever a client sent to them late. Both act only on
//! rows that still need it, so a rerun after a crash changes nothing more.

use std::time::Duration;

use latih_jobs::{Job, JobContext};
use serde::{Deserialize, Serialize};

use crate::service::MediaService;
use crate::service::cleanup::{drop_upload_leftovers, expire_stale_uploads};

/// Rows one statement reads; a run goes on batch after batch while they come full.
pub const SWEEP_BATCH: u64 = 500;

/// Expires the pending uploads whose time ran out.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExpireStaleUploads {
    pub batch: u64,
}

#[async_trait::async_trait]
impl Job for ExpireStaleUploads {
    const KIND: &'static str = "media.expire_stale_uploads";
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(4 * 60);

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let service = ctx.services.get::<MediaService>()?;
        let batch = self.batch.max(1);
        loop {
            let expired = expire_stale_uploads(&ctx.db, service.storage.as_ref(), ctx.clock.now(), batch).await?;
            tracing::debug!(expired, "expired stale uploads");
            if (expired as u64) < batch {
                return Ok(());
            }
        }
    }
}

/// Drops the upload keys whose URLs have expired.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DropUploadLeftovers {
    pub batch: u64,
}

#[async_trait::async_trait]
impl Job for DropUploadLeftovers {
    const KIND: &'static str = "media.drop_upload_leftovers";
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(4 * 60);

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let service = ctx.services.get::<MediaService>()?;
        let batch = self.batch.max(1);
        loop {
            let swept = drop_upload_leftovers(&ctx.db, service.storage.as_ref(), ctx.clock.now(), batch).await?;
            tracing::debug!(found = swept.found, dropped = swept.dropped, "dropped upload leftovers");
            // A short batch was the last; a batch the store refused entirely waits for the next run.
            if swept.found < batch || swept.dropped == 0 {
                return Ok(());
            }
        }
    }
}
