//! After a quiz attempt is graded, the courses whose quiz lessons point at the quiz may be
//! complete: re-check them in the grading transaction, so the learner sees the lesson (and the
//! course) complete as soon as the grade.

use latih_kernel::{ApiResult, Clock};
use latih_quizzes::hooks::AttemptGraded;
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::service::completion::{CompletionRequirements, after_quiz};

pub struct CompleteAfterQuiz(pub CompletionRequirements);

#[async_trait::async_trait]
impl AttemptGraded for CompleteAfterQuiz {
    async fn graded(&self, txn: &DatabaseTransaction, clock: &Clock, quiz_id: Uuid, user_id: Uuid) -> ApiResult<()> {
        after_quiz(txn, clock, &self.0, quiz_id, user_id).await
    }
}
