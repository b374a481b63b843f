//! `quizzes.grade_overdue`: every minute, the attempts left open past their deadline are graded
//! as they stood, each in its own transaction with the graded hooks and the event, as a submit
//! would. Grading claims the attempt first, so a repeat (or a submit racing it) changes nothing.

use std::time::Duration;

use latih_jobs::{Job, JobContext};
use serde::{Deserialize, Serialize};

use crate::hooks::GradedHooks;
use crate::service::grading::{finalize, overdue};

/// Attempts read per batch.
pub const BATCH: u64 = 100;
/// Batches per run; what is left waits for the next minute.
const MAX_BATCHES: usize = 20;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GradeOverdueAttempts {
    pub batch: u64,
}

#[async_trait::async_trait]
impl Job for GradeOverdueAttempts {
    const KIND: &'static str = "quizzes.grade_overdue";
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(300);

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let hooks = ctx.services.get::<GradedHooks>()?;
        let mut failed = 0usize;
        for _ in 0..MAX_BATCHES {
            let due = overdue(&ctx.db, ctx.clock.now(), self.batch.max(1)).await?;
            let full = due.len() as u64 >= self.batch.max(1);
            let mut graded = 0usize;
            for attempt_id in due {
                match finalize(&ctx.db, &ctx.clock, hooks, attempt_id).await {
                    Ok(_) => graded += 1,
                    Err(error) => {
                        failed += 1;
                        tracing::error!(attempt.id = %attempt_id, %error, "grading an overdue attempt failed");
                    }
                }
            }
            // A batch that graded nothing would read the same failing attempts again.
            if !full || graded == 0 {
                break;
            }
        }
        anyhow::ensure!(failed == 0, "{failed} overdue attempts could not be graded");
        Ok(())
    }
}
