//! The quiz result progress reads: the best or the latest graded attempt, per the quiz.

use latih_kernel::{ApiResult, Clock};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::dto::QuizResult;
use crate::entity::{attempt, quiz};
use crate::model::{AttemptStatus, ResultPolicy};
use crate::service::grading::as_settled;

/// The learner's result on `quiz`, counting an attempt left open past its deadline as grading
/// will leave it. Writes nothing, so it may run in a read or inside the caller's transaction.
pub async fn quiz_result(
    db: &impl ConnectionTrait,
    clock: &Clock,
    quiz: &quiz::Model,
    user_id: Uuid,
) -> ApiResult<Option<QuizResult>> {
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::QuizId.eq(quiz.id))
        .filter(attempt::Column::UserId.eq(user_id))
        .order_by_asc(attempt::Column::Number)
        .all(db)
        .await?;
    let graded: Vec<attempt::Model> = as_settled(db, attempts, clock.now())
        .await?
        .into_iter()
        .filter(|a| a.status == AttemptStatus::Graded)
        .collect();
    let chosen = match quiz.result_policy {
        ResultPolicy::Latest => graded.last(),
        ResultPolicy::Best => graded.iter().fold(None, |best: Option<&attempt::Model>, a| match best {
            Some(b) if b.percent.unwrap_or(0.0) >= a.percent.unwrap_or(0.0) => Some(b),
            _ => Some(a),
        }),
    };
    Ok(chosen.map(|a| QuizResult {
        attempt_id: a.id,
        percent: a.percent.unwrap_or(0.0),
        passed: a.passed.unwrap_or(false),
    }))
}

/// Whether the learner passed the quiz (for course completion).
pub async fn passed(db: &impl ConnectionTrait, clock: &Clock, quiz_id: Uuid, user_id: Uuid) -> ApiResult<bool> {
    let Some(found) = quiz::Entity::find_by_id(quiz_id).one(db).await? else { return Ok(false) };
    Ok(quiz_result(db, clock, &found, user_id).await?.is_some_and(|r| r.passed))
}
