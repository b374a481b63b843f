//! Applying the graders to an attempt: once, in one transaction, whoever asks first (a submit,
//! a second submit racing it, a read after the deadline, or the sweep).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use latih_kernel::{ApiError, ApiResult};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::entity::{answer, attempt, question, quiz};
use crate::grading::{AnswerKey, Graded, Response, grade, percent, round};
use crate::model::{AttemptStatus, QuestionType, StoredResponse};
use crate::service::questions::{accepted_answers, stored_options};

/// The answer key of a stored question.
pub fn key_of(q: &question::Model) -> AnswerKey {
    let options = stored_options(q);
    match q.question_type {
        QuestionType::SingleChoice | QuestionType::TrueFalse => match options.iter().find(|o| o.correct) {
            Some(correct) => AnswerKey::Single { correct: correct.id },
            None => AnswerKey::Multiple { correct: Vec::new(), options: Vec::new() },
        },
        QuestionType::MultipleChoice => AnswerKey::Multiple {
            correct: options.iter().filter(|o| o.correct).map(|o| o.id).collect(),
            options: options.iter().map(|o| o.id).collect(),
        },
        QuestionType::ShortAnswer => AnswerKey::Text { accepted: accepted_answers(q) },
        QuestionType::Numeric => {
            AnswerKey::Number { value: q.numeric_value.unwrap_or(f64::NAN), tolerance: q.tolerance.unwrap_or(0.0) }
        }
        QuestionType::Essay => AnswerKey::Essay,
    }
}

pub fn response_of(stored: &StoredResponse) -> Response {
    match stored {
        StoredResponse::Options { option_ids } => Response::Options(option_ids.clone()),
        StoredResponse::Text { text } => Response::Text(text.clone()),
        StoredResponse::Number { number } => Response::Number(*number),
    }
}

pub fn stored_response(model: &answer::Model) -> Option<StoredResponse> {
    model.response.clone().and_then(|value| serde_json::from_value(value).ok())
}

pub fn question_ids(attempt: &attempt::Model) -> Vec<Uuid> {
    serde_json::from_value(attempt.question_ids.clone()).unwrap_or_default()
}

/// The score, percent and pass of answers that are all graded; `None` while any waits.
fn totals(awarded: &[Option<f64>], max_score: f64, pass_percent: f64) -> Option<(f64, f64, bool)> {
    let mut score = 0.0;
    for points in awarded {
        score += (*points)?;
    }
    let score = round(score);
    let percent = percent(score, max_score);
    Some((score, percent, percent >= pass_percent))
}

/// Grades the attempt unless someone already did; answers the attempt as it now stands.
pub async fn finalize(db: &DatabaseConnection, attempt_id: Uuid, now: DateTime<Utc>) -> ApiResult<attempt::Model> {
    let txn = db.begin().await?;
    // Claiming the row first makes racing submits queue here; only one finds it in progress.
    let claimed = attempt::Entity::update_many()
        .col_expr(attempt::Column::SubmittedAt, Expr::value(now))
        .filter(attempt::Column::Id.eq(attempt_id))
        .filter(attempt::Column::Status.eq(AttemptStatus::InProgress))
        .exec(&txn)
        .await?;
    let found = attempt::Entity::find_by_id(attempt_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    if claimed.rows_affected == 0 {
        txn.commit().await?;
        return Ok(found);
    }
    let graded = grade_all(&txn, &found, now).await?;
    txn.commit().await?;
    Ok(graded)
}

async fn grade_all(txn: &DatabaseTransaction, found: &attempt::Model, now: DateTime<Utc>) -> ApiResult<attempt::Model> {
    let quiz = quiz::Entity::find_by_id(found.quiz_id).one(txn).await?.ok_or_else(ApiError::not_found)?;
    let ids = question_ids(found);
    let questions: HashMap<Uuid, question::Model> = question::Entity::find()
        .filter(question::Column::Id.is_in(ids.clone()))
        .all(txn)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let answers: HashMap<Uuid, answer::Model> = answer::Entity::find()
        .filter(answer::Column::AttemptId.eq(found.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| (a.question_id, a))
        .collect();
    let mut awarded_all = Vec::with_capacity(ids.len());
    for question_id in &ids {
        let Some(question) = questions.get(question_id) else { continue };
        let existing = answers.get(question_id);
        let response = existing.and_then(stored_response).map(|r| response_of(&r));
        let awarded = match grade(&key_of(question), question.points, response.as_ref()) {
            Graded::Points(points) => Some(points),
            Graded::Manual => None,
        };
        awarded_all.push(awarded);
        match existing {
            Some(row) => {
                let mut active: answer::ActiveModel = row.clone().into();
                active.awarded = Set(awarded);
                active.update(txn).await?;
            }
            None => {
                answer::ActiveModel {
                    attempt_id: Set(found.id),
                    question_id: Set(*question_id),
                    response: Set(None),
                    awarded: Set(awarded),
                    feedback: Set(None),
                    graded_by: Set(None),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await?;
            }
        }
    }
    let mut active: attempt::ActiveModel = found.clone().into();
    match totals(&awarded_all, found.max_score, quiz.pass_percent) {
        Some((score, percent, passed)) => {
            active.status = Set(AttemptStatus::Graded);
            active.graded_at = Set(Some(now));
            active.score = Set(Some(score));
            active.percent = Set(Some(percent));
            active.passed = Set(Some(passed));
        }
        None => active.status = Set(AttemptStatus::PendingReview),
    }
    Ok(active.update(txn).await?)
}

/// After staff graded an essay: when nothing waits any more, the attempt becomes final.
pub async fn close_review(
    txn: &DatabaseTransaction,
    found: &attempt::Model,
    now: DateTime<Utc>,
) -> ApiResult<attempt::Model> {
    let quiz = quiz::Entity::find_by_id(found.quiz_id).one(txn).await?.ok_or_else(ApiError::not_found)?;
    let ids = question_ids(found);
    let answers = answer::Entity::find().filter(answer::Column::AttemptId.eq(found.id)).all(txn).await?;
    let awarded: Vec<Option<f64>> =
        ids.iter().map(|id| answers.iter().find(|a| a.question_id == *id).and_then(|a| a.awarded)).collect();
    match totals(&awarded, found.max_score, quiz.pass_percent) {
        Some((score, percent, passed)) => {
            let mut active: attempt::ActiveModel = found.clone().into();
            active.status = Set(AttemptStatus::Graded);
            active.graded_at = Set(Some(now));
            active.score = Set(Some(score));
            active.percent = Set(Some(percent));
            active.passed = Set(Some(passed));
            Ok(active.update(txn).await?)
        }
        None => Ok(found.clone()),
    }
}

/// Grades the attempt as it stood if its deadline has passed.
pub async fn settle_if_due(
    db: &DatabaseConnection,
    found: attempt::Model,
    now: DateTime<Utc>,
) -> ApiResult<attempt::Model> {
    let due = found.status == AttemptStatus::InProgress && found.deadline_at.is_some_and(|d| d <= now);
    if due { finalize(db, found.id, now).await } else { Ok(found) }
}

/// Grades every attempt left open past its deadline, up to `batch`; answers the (quiz, learner)
/// of each attempt that ended graded, for the hooks.
pub async fn settle_overdue(db: &DatabaseConnection, now: DateTime<Utc>, batch: u64) -> ApiResult<Vec<(Uuid, Uuid)>> {
    use sea_orm::QuerySelect;
    let due = attempt::Entity::find()
        .filter(attempt::Column::Status.eq(AttemptStatus::InProgress))
        .filter(attempt::Column::DeadlineAt.lte(now))
        .limit(batch)
        .all(db)
        .await?;
    let mut graded = Vec::with_capacity(due.len());
    for found in due {
        let settled = finalize(db, found.id, now).await?;
        if settled.status == AttemptStatus::Graded {
            graded.push((settled.quiz_id, settled.user_id));
        }
    }
    Ok(graded)
}
