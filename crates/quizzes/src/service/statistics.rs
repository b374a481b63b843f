//! Item statistics of a quiz and the learning gain of a course. They write nothing: an attempt
//! left open past its deadline counts as the scheduled grading will leave it (graded as it
//! stood; one with an essay waits for staff and is left out, like any attempt pending review).

use std::collections::HashMap;

use latih_courses::access::{self, Relation};
use latih_identity::entity::user;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Role};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::dto::{LearnerGain, LearningGain, QuestionStatistics, QuizStatistics};
use crate::entity::{answer, attempt, question, quiz};
use crate::model::{AttemptStatus, QuizKind, ResultPolicy};
use crate::service::grading::{as_settled, previews, question_ids, settled};
use crate::service::quizzes::quiz_access;
use crate::stats::{ItemObservation, item_statistics, normalized_gain};

/// Attempts that are graded, or open past their deadline (the scheduled job grades those).
fn graded_or_overdue(now: chrono::DateTime<chrono::Utc>) -> Condition {
    Condition::any().add(attempt::Column::Status.eq(AttemptStatus::Graded)).add(
        Condition::all()
            .add(attempt::Column::Status.eq(AttemptStatus::InProgress))
            .add(attempt::Column::DeadlineAt.lte(now)),
    )
}

/// Per question: graded attempts that drew it, facility, discrimination. Four queries, and
/// three more when some attempt is overdue.
pub async fn quiz_statistics(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    quiz_id: Uuid,
) -> ApiResult<QuizStatistics> {
    let (found, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_staff()?;
    let now = clock.now();
    let stored = attempt::Entity::find()
        .filter(attempt::Column::QuizId.eq(found.id))
        .filter(graded_or_overdue(now))
        .all(db)
        .await?;
    let previews = previews(db, &stored, now).await?;
    let attempts: Vec<attempt::Model> = stored
        .into_iter()
        .map(|a| match previews.get(&a.id) {
            Some(grading) => settled(&a, grading, now),
            None => a,
        })
        .filter(|a| a.status == AttemptStatus::Graded)
        .collect();
    let totals: HashMap<Uuid, f64> = attempts.iter().map(|a| (a.id, a.score.unwrap_or(0.0))).collect();
    let mut answers = answer::Entity::find()
        .filter(answer::Column::AttemptId.is_in(totals.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?;
    // An overdue attempt's stored answers have no points yet: take the preview's.
    answers.retain(|a| !previews.contains_key(&a.attempt_id));
    for a in attempts.iter().filter(|a| previews.contains_key(&a.id)) {
        for (question_id, awarded) in previews.get(&a.id).map(|p| p.awarded.as_slice()).unwrap_or_default() {
            answers.push(answer::Model {
                attempt_id: a.id,
                question_id: *question_id,
                response: None,
                awarded: *awarded,
                feedback: None,
                graded_by: None,
                updated_at: now,
            });
        }
    }
    let questions = question::Entity::find()
        .filter(question::Column::QuizId.eq(found.id))
        .order_by_asc(question::Column::Position)
        .all(db)
        .await?;
    let drawn: HashMap<Uuid, Vec<Uuid>> = attempts.iter().map(|a| (a.id, question_ids(a))).collect();
    let items = questions
        .into_iter()
        .map(|q| {
            let observations: Vec<ItemObservation> = answers
                .iter()
                .filter(|a| a.question_id == q.id && drawn.get(&a.attempt_id).is_some_and(|ids| ids.contains(&q.id)))
                .map(|a| ItemObservation {
                    awarded: a.awarded.unwrap_or(0.0),
                    points: q.points,
                    total: totals.get(&a.attempt_id).copied().unwrap_or(0.0),
                })
                .collect();
            let (facility, discrimination) = item_statistics(&observations);
            QuestionStatistics {
                question_id: q.id,
                prompt: q.prompt,
                attempts: observations.len() as u64,
                facility,
                discrimination,
            }
        })
        .collect();
    Ok(QuizStatistics { quiz_id: found.id, graded_attempts: attempts.len() as u64, questions: items })
}

/// Each learner's result on one quiz (per its result policy), from already-graded attempts.
fn results_by_learner(quiz: &quiz::Model, attempts: &[attempt::Model]) -> HashMap<Uuid, f64> {
    let mut out: HashMap<Uuid, (i32, f64)> = HashMap::new();
    for a in attempts.iter().filter(|a| a.quiz_id == quiz.id && a.status == AttemptStatus::Graded) {
        let percent = a.percent.unwrap_or(0.0);
        let entry = out.entry(a.user_id).or_insert((a.number, percent));
        let replace = match quiz.result_policy {
            ResultPolicy::Best => percent > entry.1,
            ResultPolicy::Latest => a.number > entry.0,
        };
        if replace {
            *entry = (a.number, percent);
        }
    }
    out.into_iter().map(|(user, (_, percent))| (user, percent)).collect()
}

/// Pre-test against post-test for every learner with both results, and the averages. Course
/// staff see everyone; an org admin of another organization sees their own people.
pub async fn learning_gain(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
) -> ApiResult<LearningGain> {
    let access = access::course_access(db, actor, course_id).await?;
    let only_organization = match (&access.relation, actor.has(Role::OrgAdmin), actor.organization_id) {
        (Relation::Staff, _, _) => None,
        (_, true, Some(org)) => Some(org),
        _ => return Err(ApiError::forbidden()),
    };
    let now = clock.now();
    let quizzes = quiz::Entity::find()
        .filter(quiz::Column::CourseId.eq(course_id))
        .order_by_asc(quiz::Column::Id)
        .all(db)
        .await?;
    let pre = quizzes.iter().find(|q| q.kind == QuizKind::PreTest);
    let post = quizzes.iter().find(|q| q.kind == QuizKind::PostTest);
    let (Some(pre), Some(post)) = (pre, post) else {
        return Ok(LearningGain {
            course_id,
            learners: Vec::new(),
            average_pre: None,
            average_post: None,
            average_gain: None,
        });
    };
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::QuizId.is_in([pre.id, post.id]))
        .filter(graded_or_overdue(now))
        .all(db)
        .await?;
    let attempts = as_settled(db, attempts, now).await?;
    let pre_results = results_by_learner(pre, &attempts);
    let post_results = results_by_learner(post, &attempts);
    let both: Vec<Uuid> = pre_results.keys().filter(|u| post_results.contains_key(u)).copied().collect();
    let mut people =
        user::Entity::find().filter(user::Column::Id.is_in(both)).order_by_asc(user::Column::Name).all(db).await?;
    if let Some(org) = only_organization {
        people.retain(|p| p.organization_id == Some(org));
    }
    let learners: Vec<LearnerGain> = people
        .into_iter()
        .filter_map(|p| {
            let (pre, post) = (*pre_results.get(&p.id)?, *post_results.get(&p.id)?);
            Some(LearnerGain { user_id: p.id, name: p.name, pre, post, gain: normalized_gain(pre, post) })
        })
        .collect();
    let mean = |values: Vec<f64>| {
        (!values.is_empty()).then(|| crate::grading::round(values.iter().sum::<f64>() / values.len() as f64))
    };
    // Averaged from the exact gains, not the rounded ones shown per learner.
    let gains: Vec<f64> =
        learners.iter().filter(|l| l.pre < 100.0).map(|l| (l.post - l.pre) / (100.0 - l.pre)).collect();
    Ok(LearningGain {
        course_id,
        average_pre: mean(learners.iter().map(|l| l.pre).collect()),
        average_post: mean(learners.iter().map(|l| l.post).collect()),
        average_gain: (!gains.is_empty())
            .then(|| (gains.iter().sum::<f64>() / gains.len() as f64 * 10_000.0).round() / 10_000.0),
        learners,
    })
}

/// The mean normalized learning gain of each course in `course_ids` that has a pre-test and a
/// post-test, over every learner with graded results on both; for agency reports. Two
/// statements for any number of courses (attempts still waiting for the scheduled grading are
/// not counted yet).
pub async fn mean_gains(db: &DatabaseConnection, course_ids: &[Uuid]) -> ApiResult<HashMap<Uuid, f64>> {
    if course_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let quizzes = quiz::Entity::find()
        .filter(quiz::Column::CourseId.is_in(course_ids.iter().copied()))
        .filter(quiz::Column::Kind.is_in([QuizKind::PreTest, QuizKind::PostTest]))
        .order_by_asc(quiz::Column::Id)
        .all(db)
        .await?;
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::QuizId.is_in(quizzes.iter().map(|q| q.id)))
        .filter(attempt::Column::Status.eq(AttemptStatus::Graded))
        .all(db)
        .await?;
    let mut gains = HashMap::new();
    for course_id in course_ids {
        let of_course = |kind| quizzes.iter().find(|q| q.course_id == *course_id && q.kind == kind);
        let (Some(pre), Some(post)) = (of_course(QuizKind::PreTest), of_course(QuizKind::PostTest)) else {
            continue;
        };
        let before = results_by_learner(pre, &attempts);
        let after = results_by_learner(post, &attempts);
        let each: Vec<f64> = before
            .iter()
            .filter(|(_, pre)| **pre < 100.0)
            .filter_map(|(learner, pre)| after.get(learner).map(|post| (post - pre) / (100.0 - pre)))
            .collect();
        if !each.is_empty() {
            gains.insert(*course_id, (each.iter().sum::<f64>() / each.len() as f64 * 10_000.0).round() / 10_000.0);
        }
    }
    Ok(gains)
}
