//! What other crates want to hear when an attempt is graded (progress re-checks completion).
//! Quizzes depend on none of them: they implement `AttemptGraded` and the server hands them in.

use std::sync::Arc;

use latih_kernel::{ApiResult, Clock};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

#[async_trait::async_trait]
pub trait AttemptGraded: Send + Sync {
    async fn graded(&self, db: &DatabaseConnection, clock: &Clock, quiz_id: Uuid, user_id: Uuid) -> ApiResult<()>;
}

#[derive(Clone, Default)]
pub struct GradedHooks(pub Vec<Arc<dyn AttemptGraded>>);

impl GradedHooks {
    pub async fn notify(&self, db: &DatabaseConnection, clock: &Clock, quiz_id: Uuid, user_id: Uuid) -> ApiResult<()> {
        for hook in &self.0 {
            hook.graded(db, clock, quiz_id, user_id).await?;
        }
        Ok(())
    }
}
