//! Applying the graders to an attempt: once, in one transaction, whoever asks first (a submit,
//! a second submit racing it, a write after the deadline, or the scheduled job). The grading
//! transaction also publishes `quiz.attempt_graded` and runs the graded hooks, so a learner's
//! completion is re-checked together with the grade or not at all. Reads never grade: they see
//! an overdue attempt as the grading will leave it ([`as_settled`], [`previews`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use latih_identity::entity::user;
use latih_kernel::{ApiError, ApiResult, Clock};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::entity::{answer, attempt, question, quiz};
use crate::events::QuizAttemptGraded;
use crate::grading::{AnswerKey, Graded, Response, grade, percent, round};
use crate::hooks::GradedHooks;
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

/// What grading an attempt as it stands gives: points per drawn question (`None` for an essay
/// waiting for staff), and the totals once nothing waits.
#[derive(Clone, Debug, PartialEq)]
pub struct Grading {
    pub awarded: Vec<(Uuid, Option<f64>)>,
    /// `(score, percent, passed)`; `None` while an essay waits.
    pub totals: Option<(f64, f64, bool)>,
}

/// Grades the attempt in memory, from its drawn questions and stored answers.
pub fn compute(
    found: &attempt::Model,
    quiz: &quiz::Model,
    questions: &HashMap<Uuid, question::Model>,
    answers: &HashMap<Uuid, answer::Model>,
) -> Grading {
    let mut awarded = Vec::new();
    for question_id in question_ids(found) {
        let Some(question) = questions.get(&question_id) else { continue };
        let response = answers.get(&question_id).and_then(stored_response).map(|r| response_of(&r));
        let points = match grade(&key_of(question), question.points, response.as_ref()) {
            Graded::Points(points) => Some(points),
            Graded::Manual => None,
        };
        awarded.push((question_id, points));
    }
    let points: Vec<Option<f64>> = awarded.iter().map(|(_, p)| *p).collect();
    Grading { totals: totals(&points, found.max_score, quiz.pass_percent), awarded }
}

/// The attempt as `grading` leaves it, graded at `now`.
pub fn settled(found: &attempt::Model, grading: &Grading, now: DateTime<Utc>) -> attempt::Model {
    let mut out = found.clone();
    out.submitted_at = out.submitted_at.or(Some(now));
    match grading.totals {
        Some((score, percent, passed)) => {
            out.status = AttemptStatus::Graded;
            out.graded_at = Some(now);
            out.score = Some(score);
            out.percent = Some(percent);
            out.passed = Some(passed);
        }
        None => out.status = AttemptStatus::PendingReview,
    }
    out
}

/// Open past its deadline: the scheduled job (or the next write touching it) grades it.
pub fn is_overdue(found: &attempt::Model, now: DateTime<Utc>) -> bool {
    found.status == AttemptStatus::InProgress && found.deadline_at.is_some_and(|d| d <= now)
}

/// Without writing: how grading would leave each overdue attempt of `attempts`, by attempt id.
/// Three statements for any number of attempts, none when none is overdue.
pub async fn previews(
    db: &impl ConnectionTrait,
    attempts: &[attempt::Model],
    now: DateTime<Utc>,
) -> ApiResult<HashMap<Uuid, Grading>> {
    let due: Vec<&attempt::Model> = attempts.iter().filter(|a| is_overdue(a, now)).collect();
    if due.is_empty() {
        return Ok(HashMap::new());
    }
    let quizzes: HashMap<Uuid, quiz::Model> = quiz::Entity::find()
        .filter(quiz::Column::Id.is_in(due.iter().map(|a| a.quiz_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let questions: HashMap<Uuid, question::Model> = question::Entity::find()
        .filter(question::Column::Id.is_in(due.iter().flat_map(|a| question_ids(a))))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let mut answers: HashMap<Uuid, HashMap<Uuid, answer::Model>> = HashMap::new();
    for row in answer::Entity::find().filter(answer::Column::AttemptId.is_in(due.iter().map(|a| a.id))).all(db).await? {
        answers.entry(row.attempt_id).or_default().insert(row.question_id, row);
    }
    let none = HashMap::new();
    Ok(due
        .into_iter()
        .filter_map(|a| {
            let quiz = quizzes.get(&a.quiz_id)?;
            Some((a.id, compute(a, quiz, &questions, answers.get(&a.id).unwrap_or(&none))))
        })
        .collect())
}

/// The attempts as a reader should see them: each overdue one as grading will leave it. Writes
/// nothing; the grade itself is stored by the scheduled job.
pub async fn as_settled(
    db: &impl ConnectionTrait,
    attempts: Vec<attempt::Model>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<attempt::Model>> {
    let previews = previews(db, &attempts, now).await?;
    Ok(attempts
        .into_iter()
        .map(|a| match previews.get(&a.id) {
            Some(grading) => settled(&a, grading, now),
            None => a,
        })
        .collect())
}

/// Grades the attempt unless someone already did; answers the attempt as it now stands. When it
/// ends graded, `quiz.attempt_graded` is published and the hooks run, in the same transaction.
pub async fn finalize(
    db: &DatabaseConnection,
    clock: &Clock,
    hooks: &GradedHooks,
    attempt_id: Uuid,
) -> ApiResult<attempt::Model> {
    let now = clock.now();
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
    if graded.status == AttemptStatus::Graded {
        announce(&txn, clock, hooks, &graded).await?;
    }
    txn.commit().await?;
    Ok(graded)
}

/// In the grading transaction: the event for integrators, then the hooks (progress re-checks
/// completion), so neither can happen without the grade.
pub async fn announce(
    txn: &DatabaseTransaction,
    clock: &Clock,
    hooks: &GradedHooks,
    graded: &attempt::Model,
) -> ApiResult<()> {
    let quiz = quiz::Entity::find_by_id(graded.quiz_id).one(txn).await?.ok_or_else(ApiError::not_found)?;
    let organization_id: Option<Uuid> = user::Entity::find_by_id(graded.user_id)
        .select_only()
        .column(user::Column::OrganizationId)
        .into_tuple::<Option<Uuid>>()
        .one(txn)
        .await?
        .flatten();
    let event = QuizAttemptGraded {
        attempt_id: graded.id,
        quiz_id: graded.quiz_id,
        course_id: quiz.course_id,
        user_id: graded.user_id,
        organization_id,
        number: graded.number,
        score: graded.score.unwrap_or(0.0),
        max_score: graded.max_score,
        percent: graded.percent.unwrap_or(0.0),
        passed: graded.passed.unwrap_or(false),
        graded_at: graded.graded_at.unwrap_or_else(|| clock.now()),
    };
    latih_jobs::publish(txn, clock, &event).await?;
    hooks.notify(txn, clock, graded.quiz_id, graded.user_id).await
}

async fn grade_all(txn: &DatabaseTransaction, found: &attempt::Model, now: DateTime<Utc>) -> ApiResult<attempt::Model> {
    let quiz = quiz::Entity::find_by_id(found.quiz_id).one(txn).await?.ok_or_else(ApiError::not_found)?;
    let ids = question_ids(found);
    let questions: HashMap<Uuid, question::Model> = question::Entity::find()
        .filter(question::Column::Id.is_in(ids))
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
    let grading = compute(found, &quiz, &questions, &answers);
    for (question_id, awarded) in &grading.awarded {
        match answers.get(question_id) {
            Some(row) => {
                let mut active: answer::ActiveModel = row.clone().into();
                active.awarded = Set(*awarded);
                active.update(txn).await?;
            }
            None => {
                answer::ActiveModel {
                    attempt_id: Set(found.id),
                    question_id: Set(*question_id),
                    response: Set(None),
                    awarded: Set(*awarded),
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
    match grading.totals {
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

/// On a write path (start, save): grades the attempt as it stood if its deadline has passed.
pub async fn settle_if_due(
    db: &DatabaseConnection,
    clock: &Clock,
    hooks: &GradedHooks,
    found: attempt::Model,
) -> ApiResult<attempt::Model> {
    if is_overdue(&found, clock.now()) { finalize(db, clock, hooks, found.id).await } else { Ok(found) }
}

/// The ids of up to `batch` attempts left open past their deadline, oldest deadline first.
pub async fn overdue(db: &DatabaseConnection, now: DateTime<Utc>, batch: u64) -> ApiResult<Vec<Uuid>> {
    use sea_orm::QueryOrder;
    Ok(attempt::Entity::find()
        .select_only()
        .column(attempt::Column::Id)
        .filter(attempt::Column::Status.eq(AttemptStatus::InProgress))
        .filter(attempt::Column::DeadlineAt.lte(now))
        .order_by_asc(attempt::Column::DeadlineAt)
        .order_by_asc(attempt::Column::Id)
        .limit(batch)
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}
