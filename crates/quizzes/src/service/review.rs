//! Reading an attempt: the owner sees what the quiz's review policy allows, and nothing of the
//! answer key before submitting; staff see everything and grade essays.

use std::collections::HashMap;

use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use crate::dto::{AttemptView, GradeInput, ReviewedQuestion};
use crate::entity::{answer, attempt, question, quiz};
use crate::hooks::GradedHooks;
use crate::model::{AttemptStatus, QuestionType, ReviewPolicy};
use crate::service::attempts::served_questions;
use crate::service::grading::{Grading, announce, close_review, previews, question_ids, settled, stored_response};
use crate::service::questions::{accepted_answers, stored_options};
use crate::service::quizzes::quiz_access;

/// How much of the answer key the reader sees.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Reveal {
    Nothing,
    Correctness,
    CorrectAnswers,
    Explanations,
}

fn reveal_for(staff: bool, status: AttemptStatus, policy: ReviewPolicy) -> Reveal {
    if staff {
        return Reveal::Explanations;
    }
    if status == AttemptStatus::InProgress {
        return Reveal::Nothing;
    }
    match policy {
        ReviewPolicy::ScoreOnly => Reveal::Nothing,
        ReviewPolicy::Correctness => Reveal::Correctness,
        ReviewPolicy::CorrectAnswers => Reveal::CorrectAnswers,
        ReviewPolicy::Explanations => Reveal::Explanations,
    }
}

async fn readable(
    db: &DatabaseConnection,
    actor: &AuthUser,
    attempt_id: Uuid,
) -> ApiResult<(attempt::Model, quiz::Model, bool)> {
    let found = attempt::Entity::find_by_id(attempt_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let (quiz, access) = quiz_access(db, actor, found.quiz_id).await?;
    let staff = access.is_staff();
    if found.user_id != actor.id && !staff {
        return Err(ApiError::not_found());
    }
    Ok((found, quiz, staff))
}

/// `preview`: the grading of an overdue attempt not stored yet, shown in place of the stored
/// (still empty) points.
async fn view(
    db: &DatabaseConnection,
    found: attempt::Model,
    quiz: &quiz::Model,
    staff: bool,
    preview: Option<&Grading>,
) -> ApiResult<AttemptView> {
    let ids = question_ids(&found);
    let pool: HashMap<Uuid, question::Model> = question::Entity::find()
        .filter(question::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let mut answers: HashMap<Uuid, answer::Model> = answer::Entity::find()
        .filter(answer::Column::AttemptId.eq(found.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.question_id, a))
        .collect();
    for (question_id, awarded) in preview.map(|p| p.awarded.as_slice()).unwrap_or_default() {
        let row = answers.entry(*question_id).or_insert_with(|| answer::Model {
            attempt_id: found.id,
            question_id: *question_id,
            response: None,
            awarded: None,
            feedback: None,
            graded_by: None,
            updated_at: found.started_at,
        });
        row.awarded = *awarded;
    }
    let reveal = reveal_for(staff, found.status, quiz.review_policy);
    let show_score = staff || found.status != AttemptStatus::InProgress;
    let questions = served_questions(&found, &pool)
        .into_iter()
        .map(|served| {
            let stored = pool.get(&served.id);
            let given = answers.get(&served.id);
            let awarded = given.and_then(|a| a.awarded).filter(|_| reveal >= Reveal::Correctness);
            let correct = awarded.map(|points| stored.is_some_and(|q| points >= q.points));
            let key = stored.filter(|_| reveal >= Reveal::CorrectAnswers);
            ReviewedQuestion {
                response: given.and_then(stored_response),
                awarded,
                correct,
                correct_option_ids: key
                    .filter(|q| q.question_type.has_options())
                    .map(|q| stored_options(q).into_iter().filter(|o| o.correct).map(|o| o.id).collect()),
                accepted_answers: key.filter(|q| q.question_type == QuestionType::ShortAnswer).map(accepted_answers),
                numeric_value: key.and_then(|q| q.numeric_value),
                explanation: stored.filter(|_| reveal >= Reveal::Explanations).and_then(|q| q.explanation.clone()),
                feedback: given.and_then(|a| a.feedback.clone()).filter(|_| show_score),
                id: served.id,
                question_type: served.question_type,
                prompt: served.prompt,
                points: served.points,
                options: served.options,
            }
        })
        .collect();
    Ok(AttemptView {
        id: found.id,
        quiz_id: found.quiz_id,
        user_id: found.user_id,
        number: found.number,
        status: found.status,
        started_at: found.started_at,
        deadline_at: found.deadline_at,
        submitted_at: found.submitted_at,
        score: found.score.filter(|_| show_score),
        max_score: found.max_score,
        percent: found.percent.filter(|_| show_score),
        passed: found.passed.filter(|_| show_score),
        questions,
    })
}

/// An attempt for its owner (as the review policy allows) or course staff. One open past its
/// deadline is shown as grading will leave it; the scheduled job stores that grade.
pub async fn get(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, attempt_id: Uuid) -> ApiResult<AttemptView> {
    let (found, quiz, staff) = readable(db, actor, attempt_id).await?;
    let now = clock.now();
    let preview = previews(db, std::slice::from_ref(&found), now).await?.remove(&found.id);
    let found = match &preview {
        Some(grading) => settled(&found, grading, now),
        None => found,
    };
    view(db, found, &quiz, staff, preview.as_ref()).await
}

/// Staff grade an essay; when none waits any more the attempt is final.
pub async fn grade_essay(
    db: &DatabaseConnection,
    clock: &Clock,
    hooks: &GradedHooks,
    actor: &AuthUser,
    attempt_id: Uuid,
    input: GradeInput,
) -> ApiResult<AttemptView> {
    let (found, quiz, staff) = readable(db, actor, attempt_id).await?;
    if !staff {
        return Err(ApiError::forbidden());
    }
    match found.status {
        AttemptStatus::PendingReview => {}
        AttemptStatus::Graded => {
            return Err(ApiError::conflict(
                "attempt_final",
                Msg::new("Nilai percobaan ini sudah final.", "This attempt's grade is final."),
            ));
        }
        AttemptStatus::InProgress => {
            return Err(ApiError::conflict(
                "attempt_open",
                Msg::new("Percobaan belum dikumpulkan.", "The attempt is not submitted yet."),
            ));
        }
    }
    if !question_ids(&found).contains(&input.question_id) {
        return Err(ApiError::not_found());
    }
    let question = question::Entity::find_by_id(input.question_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if question.question_type != QuestionType::Essay {
        return Err(ApiError::invalid(
            "question_id",
            "not_an_essay",
            Msg::new("Hanya esai yang dinilai manual.", "Only essays are graded by hand."),
        ));
    }
    if !(input.points >= 0.0 && input.points <= question.points) {
        return Err(ApiError::invalid(
            "points",
            "out_of_range",
            Msg::new(format!("Poin 0 sampai {}.", question.points), format!("points is 0 to {}.", question.points)),
        ));
    }
    let now = clock.now();
    let txn = db.begin().await?;
    // Hold the attempt row: two staff grading two essays at once queue here, so the second
    // sees the first's grade and closes the review.
    let held = attempt::Entity::update_many()
        .col_expr(attempt::Column::Status, sea_orm::sea_query::Expr::col(attempt::Column::Status))
        .filter(attempt::Column::Id.eq(found.id))
        .filter(attempt::Column::Status.eq(AttemptStatus::PendingReview))
        .exec(&txn)
        .await?;
    if held.rows_affected == 0 {
        txn.rollback().await?;
        return Err(ApiError::conflict(
            "attempt_final",
            Msg::new("Nilai percobaan ini sudah final.", "This attempt's grade is final."),
        ));
    }
    let found = attempt::Entity::find_by_id(found.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let row = answer::Entity::find_by_id((found.id, question.id)).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let mut active: answer::ActiveModel = row.into();
    active.awarded = Set(Some(crate::grading::round(input.points)));
    active.feedback = Set(input.feedback.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()));
    active.graded_by = Set(Some(actor.id));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let closed = close_review(&txn, &found, now).await?;
    if closed.status == AttemptStatus::Graded {
        announce(&txn, clock, hooks, &closed).await?;
    }
    txn.commit().await?;
    view(db, closed, &quiz, true, None).await
}
