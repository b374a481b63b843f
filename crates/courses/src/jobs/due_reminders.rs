//! The hourly job that sends due-date reminders (`service::reminders`).

use std::time::Duration;

use latih_jobs::{Job, JobContext};
use serde::{Deserialize, Serialize};

/// Sends the reminders due now; a run with nothing to send costs four statements.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct DueReminders {}

#[async_trait::async_trait]
impl Job for DueReminders {
    const KIND: &'static str = "courses.due_reminders";
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(600);

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        crate::service::reminders::send_due(&ctx.db, &ctx.clock).await?;
        Ok(())
    }
}
