//! What other crates must do in the grading transaction when an attempt is graded (progress
//! re-checks completion, so a passed quiz completes its lesson at once). Quizzes depend on none
//! of them: they implement `AttemptGraded` and the server hands them in. Reactions that may
//! come later subscribe to the `quiz.attempt_graded` event instead.

use std::sync::Arc;

use latih_kernel::{ApiResult, Clock};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

#[async_trait::async_trait]
pub trait AttemptGraded: Send + Sync {
    /// Runs inside the transaction that stored the grade; an error rolls the grade back.
    async fn graded(&self, txn: &DatabaseTransaction, clock: &Clock, quiz_id: Uuid, user_id: Uuid) -> ApiResult<()>;
}

#[derive(Clone, Default)]
pub struct GradedHooks(pub Vec<Arc<dyn AttemptGraded>>);

impl GradedHooks {
    pub async fn notify(
        &self,
        txn: &DatabaseTransaction,
        clock: &Clock,
        quiz_id: Uuid,
        user_id: Uuid,
    ) -> ApiResult<()> {
        for hook in &self.0 {
            hook.graded(txn, clock, quiz_id, user_id).await?;
        }
        Ok(())
    }
}
