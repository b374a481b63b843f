//! Attempts: starting one (the draw and its order, stored), autosaving answers, submitting.

use std::collections::HashMap;

use latih_courses::access::Relation;
use latih_courses::model::EnrollmentStatus;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg, Page};
use rand::seq::SliceRandom;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{AnswerInput, AttemptOption, AttemptQuestion, AttemptResultDto, AttemptStarted, SavedAnswer};
use crate::entity::{answer, attempt, question, quiz};
use crate::hooks::GradedHooks;
use crate::model::{AttemptStatus, QuestionType, StoredResponse};
use crate::service::grading::{as_settled, finalize, question_ids, settle_if_due};
use crate::service::questions::stored_options;
use crate::service::quizzes::quiz_access;

fn closed() -> ApiError {
    ApiError::conflict(
        "attempt_closed",
        Msg::new(
            "Percobaan ini sudah dikumpulkan atau waktunya habis.",
            "This attempt was submitted or its time is up.",
        ),
    )
}

/// The drawn questions in the attempt's order, options in the attempt's order, no answer key.
pub fn served_questions(found: &attempt::Model, pool: &HashMap<Uuid, question::Model>) -> Vec<AttemptQuestion> {
    let orders: HashMap<Uuid, Vec<Uuid>> = serde_json::from_value(found.option_orders.clone()).unwrap_or_default();
    question_ids(found)
        .into_iter()
        .filter_map(|id| pool.get(&id))
        .map(|q| {
            let options = stored_options(q);
            let order = orders.get(&q.id).cloned().unwrap_or_else(|| options.iter().map(|o| o.id).collect());
            AttemptQuestion {
                id: q.id,
                question_type: q.question_type,
                prompt: q.prompt.clone(),
                points: q.points,
                options: order
                    .iter()
                    .filter_map(|id| options.iter().find(|o| o.id == *id))
                    .map(|o| AttemptOption { id: o.id, text: o.text.clone() })
                    .collect(),
            }
        })
        .collect()
}

async fn pool_of(db: &DatabaseConnection, ids: Vec<Uuid>) -> ApiResult<HashMap<Uuid, question::Model>> {
    let rows = question::Entity::find().filter(question::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows.into_iter().map(|q| (q.id, q)).collect())
}

fn started(found: &attempt::Model, pool: &HashMap<Uuid, question::Model>) -> AttemptStarted {
    AttemptStarted {
        id: found.id,
        quiz_id: found.quiz_id,
        number: found.number,
        started_at: found.started_at,
        deadline_at: found.deadline_at,
        questions: served_questions(found, pool),
    }
}

/// Starts an attempt for an enrolled learner, or answers the one already in progress (so a
/// reload shows the same questions in the same order). `true` when a new attempt was made.
pub async fn start(
    db: &DatabaseConnection,
    clock: &Clock,
    hooks: &GradedHooks,
    actor: &AuthUser,
    quiz_id: Uuid,
) -> ApiResult<(bool, AttemptStarted)> {
    let (found, access) = quiz_access(db, actor, quiz_id).await?;
    match &access.relation {
        Relation::Enrolled(enrollment) if enrollment.status != EnrollmentStatus::Withdrawn => {}
        Relation::Staff => {
            return Err(ApiError::Forbidden(Msg::new(
                "Staf kursus tidak mengerjakan kuis; lihat soalnya di bank soal.",
                "Course staff do not take quizzes; see the questions in the pool.",
            )));
        }
        _ => return Err(ApiError::Forbidden(Msg::new("Daftar di kursus ini dulu.", "Enrol in the course first."))),
    }
    let now = clock.now();
    let mine = attempt::Entity::find()
        .filter(attempt::Column::QuizId.eq(found.id))
        .filter(attempt::Column::UserId.eq(actor.id))
        .order_by_asc(attempt::Column::Number)
        .all(db)
        .await?;
    for existing in &mine {
        let settled = settle_if_due(db, clock, hooks, existing.clone()).await?;
        if settled.status == AttemptStatus::InProgress {
            let pool = pool_of(db, question_ids(&settled)).await?;
            return Ok((false, started(&settled, &pool)));
        }
    }
    if found.opens_at.is_some_and(|opens| now < opens) {
        return Err(ApiError::conflict("quiz_not_open", Msg::new("Kuis belum dibuka.", "The quiz is not open yet.")));
    }
    if found.closes_at.is_some_and(|closes| now >= closes) {
        return Err(ApiError::conflict("quiz_closed", Msg::new("Kuis sudah ditutup.", "The quiz is closed.")));
    }
    let used = i32::try_from(mine.len()).unwrap_or(i32::MAX);
    if found.max_attempts.is_some_and(|max| used >= max) {
        return Err(ApiError::conflict(
            "max_attempts_reached",
            Msg::new("Jatah percobaan sudah habis.", "No attempts are left."),
        ));
    }
    let pool = question::Entity::find()
        .filter(question::Column::QuizId.eq(found.id))
        .order_by_asc(question::Column::Position)
        .all(db)
        .await?;
    if pool.is_empty() {
        return Err(ApiError::conflict(
            "quiz_empty",
            Msg::new("Kuis belum berisi soal.", "The quiz has no questions yet."),
        ));
    }
    let drawn = draw(&found, &pool);
    let option_orders: HashMap<Uuid, Vec<Uuid>> = drawn
        .iter()
        .filter(|q| q.question_type.has_options())
        .map(|q| {
            let mut ids: Vec<Uuid> = stored_options(q).into_iter().map(|o| o.id).collect();
            if found.shuffle_options && q.question_type != QuestionType::TrueFalse {
                ids.shuffle(&mut rand::rng());
            }
            (q.id, ids)
        })
        .collect();
    let max_score = crate::grading::round(drawn.iter().map(|q| q.points).sum());
    let limit = found.time_limit_seconds.map(|s| now + chrono::Duration::seconds(i64::from(s)));
    let deadline_at = match (limit, found.closes_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let created = attempt::ActiveModel {
        id: Set(new_id()),
        quiz_id: Set(found.id),
        user_id: Set(actor.id),
        number: Set(used + 1),
        status: Set(AttemptStatus::InProgress),
        started_at: Set(now),
        deadline_at: Set(deadline_at),
        submitted_at: Set(None),
        graded_at: Set(None),
        score: Set(None),
        max_score: Set(max_score),
        percent: Set(None),
        passed: Set(None),
        question_ids: Set(
            serde_json::to_value(drawn.iter().map(|q| q.id).collect::<Vec<_>>()).map_err(ApiError::internal)?
        ),
        option_orders: Set(serde_json::to_value(&option_orders).map_err(ApiError::internal)?),
    }
    .insert(db)
    .await
    .map_err(|e| match ApiError::from(e) {
        // Two starts at once: the unique attempt number lets one through.
        ApiError::Conflict { .. } => ApiError::conflict(
            "attempt_in_progress",
            Msg::new("Percobaan lain baru saja dimulai; muat ulang.", "Another attempt just started; reload."),
        ),
        other => other,
    })?;
    let pool: HashMap<Uuid, question::Model> = drawn.into_iter().map(|q| (q.id, q)).collect();
    Ok((true, started(&created, &pool)))
}

/// The attempt's questions: a random subset when the quiz draws fewer than its pool, shuffled
/// when it shuffles, in pool order otherwise.
fn draw(found: &quiz::Model, pool: &[question::Model]) -> Vec<question::Model> {
    let mut drawn: Vec<question::Model> = pool.to_vec();
    let wanted = found.questions_per_attempt.and_then(|n| usize::try_from(n).ok()).unwrap_or(drawn.len());
    if wanted < drawn.len() || found.shuffle_questions {
        drawn.shuffle(&mut rand::rng());
        drawn.truncate(wanted);
        if !found.shuffle_questions {
            drawn.sort_by_key(|q| q.position);
        }
    }
    drawn
}

/// The caller's own attempt; others are 404.
async fn own_attempt(db: &DatabaseConnection, actor: &AuthUser, attempt_id: Uuid) -> ApiResult<attempt::Model> {
    attempt::Entity::find_by_id(attempt_id)
        .one(db)
        .await?
        .filter(|a| a.user_id == actor.id)
        .ok_or_else(ApiError::not_found)
}

fn parse_answer(question: &question::Model, input: AnswerInput) -> ApiResult<StoredResponse> {
    let invalid =
        |code: &'static str, id: &'static str, en: &'static str| ApiError::invalid("answer", code, Msg::new(id, en));
    match question.question_type {
        QuestionType::SingleChoice | QuestionType::TrueFalse | QuestionType::MultipleChoice => {
            let Some(mut chosen) = input.option_ids else {
                return Err(invalid("option_ids_required", "Kirim option_ids.", "Send option_ids."));
            };
            chosen.sort();
            chosen.dedup();
            let options = stored_options(question);
            if chosen.iter().any(|id| !options.iter().any(|o| o.id == *id)) {
                return Err(invalid(
                    "unknown_option",
                    "Pilihan bukan milik soal ini.",
                    "An option is not of this question.",
                ));
            }
            if question.question_type != QuestionType::MultipleChoice && chosen.len() > 1 {
                return Err(invalid("one_option", "Pilih satu saja.", "Choose one option."));
            }
            Ok(StoredResponse::Options { option_ids: chosen })
        }
        QuestionType::ShortAnswer | QuestionType::Essay => match input.text {
            Some(text) if text.chars().count() <= 20_000 => Ok(StoredResponse::Text { text }),
            Some(_) => Err(invalid("too_long", "Jawaban paling banyak 20.000 karakter.", "At most 20,000 characters.")),
            None => Err(invalid("text_required", "Kirim text.", "Send text.")),
        },
        QuestionType::Numeric => match input.number {
            Some(number) if number.is_finite() => Ok(StoredResponse::Number { number }),
            _ => Err(invalid("number_required", "Kirim number berupa angka.", "Send a finite number.")),
        },
    }
}

/// Saves one answer while the attempt is open; after submit or deadline it is refused (409).
pub async fn save_answer(
    db: &DatabaseConnection,
    clock: &Clock,
    hooks: &GradedHooks,
    actor: &AuthUser,
    attempt_id: Uuid,
    question_id: Uuid,
    input: AnswerInput,
) -> ApiResult<SavedAnswer> {
    let found = own_attempt(db, actor, attempt_id).await?;
    let now = clock.now();
    let found = settle_if_due(db, clock, hooks, found).await?;
    if found.status != AttemptStatus::InProgress {
        return Err(closed());
    }
    if !question_ids(&found).contains(&question_id) {
        return Err(ApiError::not_found());
    }
    let question = question::Entity::find_by_id(question_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let response = parse_answer(&question, input)?;
    let txn = db.begin().await?;
    // Holding the attempt row keeps a racing submit from grading between the check and the save.
    let open = attempt::Entity::update_many()
        .col_expr(attempt::Column::Status, Expr::col(attempt::Column::Status))
        .filter(attempt::Column::Id.eq(found.id))
        .filter(attempt::Column::Status.eq(AttemptStatus::InProgress))
        .exec(&txn)
        .await?;
    if open.rows_affected == 0 {
        txn.rollback().await?;
        return Err(closed());
    }
    let value = serde_json::to_value(&response).map_err(ApiError::internal)?;
    match answer::Entity::find_by_id((found.id, question_id)).one(&txn).await? {
        Some(existing) => {
            let mut active: answer::ActiveModel = existing.into();
            active.response = Set(Some(value));
            active.updated_at = Set(now);
            active.update(&txn).await?;
        }
        None => {
            answer::ActiveModel {
                attempt_id: Set(found.id),
                question_id: Set(question_id),
                response: Set(Some(value)),
                awarded: Set(None),
                feedback: Set(None),
                graded_by: Set(None),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(SavedAnswer { attempt_id: found.id, question_id, response, saved_at: now })
}

pub fn result_dto(found: &attempt::Model) -> AttemptResultDto {
    AttemptResultDto {
        id: found.id,
        status: found.status,
        score: found.score,
        max_score: found.max_score,
        percent: found.percent,
        passed: found.passed,
    }
}

/// Submits and grades (the hooks run in the grading transaction); a repeat, or a submit racing
/// this one, answers the same result.
pub async fn submit(
    db: &DatabaseConnection,
    clock: &Clock,
    hooks: &GradedHooks,
    actor: &AuthUser,
    attempt_id: Uuid,
) -> ApiResult<AttemptResultDto> {
    let found = own_attempt(db, actor, attempt_id).await?;
    let graded = finalize(db, clock, hooks, found.id).await?;
    Ok(result_dto(&graded))
}

/// The caller's attempts at a quiz (every learner's, for staff), newest first. An attempt open
/// past its deadline is shown as grading will leave it; nothing is written.
pub async fn list(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    quiz_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<AttemptResultDto>> {
    let (found, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_participant()?;
    let limit = page.limit()?;
    let mut query = attempt::Entity::find().filter(attempt::Column::QuizId.eq(found.id));
    if !access.is_staff() {
        query = query.filter(attempt::Column::UserId.eq(actor.id));
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(attempt::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(attempt::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |a| a.id);
    let items = as_settled(db, rows, clock.now()).await?.iter().map(result_dto).collect();
    Ok(Page { items, next_cursor })
}

/// How many attempts a learner has at a quiz.
pub async fn count(db: &DatabaseConnection, quiz_id: Uuid, user_id: Uuid) -> ApiResult<u64> {
    Ok(attempt::Entity::find()
        .filter(attempt::Column::QuizId.eq(quiz_id))
        .filter(attempt::Column::UserId.eq(user_id))
        .count(db)
        .await?)
}
