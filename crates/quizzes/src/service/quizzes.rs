//! Quizzes of a course: settings, validated together, versioned edits.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use latih_courses::access::{self, CourseAccess, Relation};
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::precondition::IfMatch;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::dto::{CreateQuiz, QuizDto, UpdateQuiz};
use crate::entity::{question, quiz};
use crate::model::{QuizKind, ResultPolicy, ReviewPolicy};
use crate::service::results;

/// Every setting of a quiz, merged and ready to check.
struct Settings {
    title: String,
    kind: QuizKind,
    time_limit_seconds: Option<i32>,
    max_attempts: Option<i32>,
    pass_percent: f64,
    opens_at: Option<DateTime<Utc>>,
    closes_at: Option<DateTime<Utc>>,
    questions_per_attempt: Option<i32>,
}

fn check(settings: &Settings) -> ApiResult<String> {
    let mut errors = FieldErrors::new();
    let title = settings.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.add(
            "title",
            "invalid_title",
            Msg::new("Judul 1 sampai 200 karakter.", "A title has 1 to 200 characters."),
        );
    }
    if settings.time_limit_seconds.is_some_and(|t| t <= 0) {
        errors.add(
            "time_limit_seconds",
            "not_positive",
            Msg::new("Batas waktu harus lebih dari 0 detik.", "time_limit_seconds must be positive."),
        );
    }
    if settings.max_attempts.is_some_and(|m| m <= 0) {
        errors.add(
            "max_attempts",
            "not_positive",
            Msg::new("Jumlah percobaan paling sedikit 1.", "max_attempts is at least 1."),
        );
    }
    if !(0.0..=100.0).contains(&settings.pass_percent) || !settings.pass_percent.is_finite() {
        errors.add("pass_percent", "out_of_range", Msg::new("Nilai lulus 0 sampai 100.", "pass_percent is 0 to 100."));
    }
    if matches!((settings.opens_at, settings.closes_at), (Some(opens), Some(closes)) if closes <= opens) {
        errors.add(
            "closes_at",
            "before_open",
            Msg::new("Waktu tutup harus setelah waktu buka.", "closes_at must be after opens_at."),
        );
    }
    let plausible =
        |at: Option<DateTime<Utc>>| at.is_none_or(|at| (2000..=2100).contains(&chrono::Datelike::year(&at)));
    if !plausible(settings.opens_at) || !plausible(settings.closes_at) {
        errors.add(
            "opens_at",
            "out_of_range",
            Msg::new("Tanggal di luar tahun 2000 sampai 2100.", "Dates are 2000 to 2100."),
        );
    }
    if settings.questions_per_attempt.is_some_and(|q| q <= 0) {
        errors.add("questions_per_attempt", "not_positive", Msg::new("Paling sedikit 1 soal.", "At least 1 question."));
    }
    errors.finish()?;
    Ok(title.to_owned())
}

pub fn to_dto(m: quiz::Model, question_count: u64, my_result: Option<crate::dto::QuizResult>) -> QuizDto {
    QuizDto {
        id: m.id,
        course_id: m.course_id,
        title: m.title,
        kind: m.kind,
        time_limit_seconds: m.time_limit_seconds,
        max_attempts: m.max_attempts,
        pass_percent: m.pass_percent,
        shuffle_questions: m.shuffle_questions,
        shuffle_options: m.shuffle_options,
        opens_at: m.opens_at,
        closes_at: m.closes_at,
        questions_per_attempt: m.questions_per_attempt,
        review_policy: m.review_policy,
        result_policy: m.result_policy,
        question_count,
        version: m.version,
        my_result,
    }
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    input: CreateQuiz,
) -> ApiResult<QuizDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    let settings = Settings {
        title: input.title,
        kind: input.kind,
        time_limit_seconds: input.time_limit_seconds,
        max_attempts: input.max_attempts,
        pass_percent: input.pass_percent.unwrap_or(70.0),
        opens_at: input.opens_at,
        closes_at: input.closes_at,
        questions_per_attempt: input.questions_per_attempt,
    };
    let title = check(&settings)?;
    let now = clock.now();
    let model = quiz::ActiveModel {
        id: Set(new_id()),
        course_id: Set(course.id),
        title: Set(title),
        kind: Set(settings.kind),
        time_limit_seconds: Set(settings.time_limit_seconds),
        max_attempts: Set(settings.max_attempts),
        pass_percent: Set(settings.pass_percent),
        shuffle_questions: Set(input.shuffle_questions),
        shuffle_options: Set(input.shuffle_options),
        opens_at: Set(settings.opens_at),
        closes_at: Set(settings.closes_at),
        questions_per_attempt: Set(settings.questions_per_attempt),
        review_policy: Set(input.review_policy.unwrap_or(ReviewPolicy::Correctness)),
        result_policy: Set(input.result_policy.unwrap_or(ResultPolicy::Best)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(to_dto(model, 0, None))
}

/// The quiz and the caller's access to its course.
pub async fn quiz_access(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    quiz_id: Uuid,
) -> ApiResult<(quiz::Model, CourseAccess)> {
    let found = quiz::Entity::find_by_id(quiz_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let access = access::course_access(db, actor, found.course_id).await?;
    Ok((found, access))
}

async fn question_count(db: &impl ConnectionTrait, quiz_id: Uuid) -> ApiResult<u64> {
    Ok(question::Entity::find().filter(question::Column::QuizId.eq(quiz_id)).count(db).await?)
}

/// A quiz, for course staff and enrolled learners (with their result).
pub async fn get(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, quiz_id: Uuid) -> ApiResult<QuizDto> {
    let (found, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_participant()?;
    let my_result = match access.relation {
        Relation::Enrolled(_) => results::quiz_result(db, clock, &found, actor.id).await?,
        _ => None,
    };
    let count = question_count(db, found.id).await?;
    Ok(to_dto(found, count, my_result))
}

/// The quizzes of a course, oldest first.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    course_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<QuizDto>> {
    let access = access::course_access(db, actor, course_id).await?;
    access.require_participant()?;
    let limit = page.limit()?;
    let mut query = quiz::Entity::find().filter(quiz::Column::CourseId.eq(course_id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(quiz::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(quiz::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |q| q.id);
    let counts: HashMap<Uuid, i64> = question::Entity::find()
        .select_only()
        .column(question::Column::QuizId)
        .column_as(question::Column::Id.count(), "count")
        .filter(question::Column::QuizId.is_in(rows.iter().map(|q| q.id).collect::<Vec<_>>()))
        .group_by(question::Column::QuizId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let items = rows
        .into_iter()
        .map(|q| {
            let count = counts.get(&q.id).copied().and_then(|c| u64::try_from(c).ok()).unwrap_or(0);
            to_dto(q, count, None)
        })
        .collect();
    Ok(Page { items, next_cursor })
}

pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    quiz_id: Uuid,
    if_match: &IfMatch,
    input: UpdateQuiz,
) -> ApiResult<QuizDto> {
    let (found, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_staff()?;
    if_match.check(found.version)?;
    let settings = Settings {
        title: input.title.clone().unwrap_or_else(|| found.title.clone()),
        kind: input.kind.unwrap_or(found.kind),
        time_limit_seconds: input.time_limit_seconds.unwrap_or(found.time_limit_seconds),
        max_attempts: input.max_attempts.unwrap_or(found.max_attempts),
        pass_percent: input.pass_percent.unwrap_or(found.pass_percent),
        opens_at: input.opens_at.unwrap_or(found.opens_at),
        closes_at: input.closes_at.unwrap_or(found.closes_at),
        questions_per_attempt: input.questions_per_attempt.unwrap_or(found.questions_per_attempt),
    };
    let title = check(&settings)?;
    let changes = quiz::ActiveModel {
        title: Set(title),
        kind: Set(settings.kind),
        time_limit_seconds: Set(settings.time_limit_seconds),
        max_attempts: Set(settings.max_attempts),
        pass_percent: Set(settings.pass_percent),
        shuffle_questions: Set(input.shuffle_questions.unwrap_or(found.shuffle_questions)),
        shuffle_options: Set(input.shuffle_options.unwrap_or(found.shuffle_options)),
        opens_at: Set(settings.opens_at),
        closes_at: Set(settings.closes_at),
        questions_per_attempt: Set(settings.questions_per_attempt),
        review_policy: Set(input.review_policy.unwrap_or(found.review_policy)),
        result_policy: Set(input.result_policy.unwrap_or(found.result_policy)),
        version: Set(found.version + 1),
        updated_at: Set(clock.now()),
        ..Default::default()
    };
    let updated = quiz::Entity::update_many()
        .set(changes)
        .filter(quiz::Column::Id.eq(found.id))
        .filter(quiz::Column::Version.eq(found.version))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    let saved = quiz::Entity::find_by_id(found.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let count = question_count(db, saved.id).await?;
    Ok(to_dto(saved, count, None))
}
