//! The hourly job that tells supervisors of follow-ups that fell due (`service::follow_up_notices`).

use std::time::Duration;

use latih_jobs::{Job, JobContext};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FollowUpsDue {}

#[async_trait::async_trait]
impl Job for FollowUpsDue {
    const KIND: &'static str = "development.follow_ups_due";
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(600);

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        crate::service::follow_up_notices::send_due(&ctx.db, &ctx.clock).await?;
        Ok(())
    }
}
