//! Progress events: one at a time (`PUT /lessons/{id}/progress`) or in offline batches. Both go
//! through `apply`, which drops an event seen before and merges the rest under the row's lock.

use std::collections::{HashMap, HashSet};

use latih_courses::access::Relation;
use latih_courses::entity::{enrollment, lesson};
use latih_courses::model::{EnrollmentStatus, LessonKind};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use crate::dto::{BatchEvent, BatchReport, LessonProgressDto, ProgressInput, RejectedEvent};
use crate::entity::{lesson_progress, progress_event};
use crate::merge::{Event, LessonState, clamp_clock, merge};
use crate::model::LessonStatus;
use crate::service::completion::{CompletionRequirements, refresh};

pub const MAX_BATCH: usize = 500;

/// A device time between 2000 and 2100: anything else is a broken clock, not a fact.
fn plausible(at: chrono::DateTime<chrono::Utc>) -> bool {
    use chrono::Datelike;
    (2000..=2100).contains(&at.year())
}

pub enum Outcome {
    Merged { row: lesson_progress::Model, clock_skew: bool },
    Duplicate,
}

fn state_of(row: &lesson_progress::Model) -> LessonState {
    LessonState {
        status: Some(row.status),
        position_seconds: row.position_seconds,
        time_spent_seconds: row.time_spent_seconds,
        newest: row.newest_client_at.zip(row.newest_event_id.clone()),
        completed_at: row.completed_at,
    }
}

/// Merges one event for `user_id` into the lesson's row, once per `event.id`.
pub async fn apply(
    db: &DatabaseConnection,
    clock: &Clock,
    user_id: Uuid,
    lesson: &lesson::Model,
    event: Event,
) -> ApiResult<Outcome> {
    let now = clock.now();
    let (event, clock_skew) = clamp_clock(event, now);
    let txn = db.begin().await?;
    let seen = progress_event::Entity::insert(progress_event::ActiveModel {
        user_id: Set(user_id),
        client_event_id: Set(event.id.clone()),
        lesson_id: Set(lesson.id),
        received_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([progress_event::Column::UserId, progress_event::Column::ClientEventId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if seen == 0 {
        txn.rollback().await?;
        return Ok(Outcome::Duplicate);
    }
    lesson_progress::Entity::insert(lesson_progress::ActiveModel {
        user_id: Set(user_id),
        lesson_id: Set(lesson.id),
        course_id: Set(lesson.course_id),
        status: Set(LessonStatus::NotStarted),
        position_seconds: Set(0),
        time_spent_seconds: Set(0),
        newest_client_at: Set(None),
        newest_event_id: Set(None),
        completed_at: Set(None),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([lesson_progress::Column::UserId, lesson_progress::Column::LessonId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    // Take the row's lock before reading it, so concurrent events for one lesson queue up.
    lesson_progress::Entity::update_many()
        .col_expr(lesson_progress::Column::UpdatedAt, Expr::value(now))
        .filter(lesson_progress::Column::UserId.eq(user_id))
        .filter(lesson_progress::Column::LessonId.eq(lesson.id))
        .exec(&txn)
        .await?;
    let row =
        lesson_progress::Entity::find_by_id((user_id, lesson.id)).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let merged = merge(&state_of(&row), &event);
    let (newest_at, newest_id) = merged.newest.clone().unzip();
    let mut active: lesson_progress::ActiveModel = row.into();
    active.status = Set(merged.status.unwrap_or(LessonStatus::NotStarted));
    active.position_seconds = Set(merged.position_seconds);
    active.time_spent_seconds = Set(merged.time_spent_seconds);
    active.newest_client_at = Set(newest_at);
    active.newest_event_id = Set(newest_id);
    active.completed_at = Set(merged.completed_at);
    active.updated_at = Set(now);
    let row = sea_orm::ActiveModelTrait::update(active, &txn).await?;
    txn.commit().await?;
    Ok(Outcome::Merged { row, clock_skew })
}

pub fn to_dto(row: lesson_progress::Model, clock_skew: bool) -> LessonProgressDto {
    LessonProgressDto {
        lesson_id: row.lesson_id,
        course_id: row.course_id,
        status: row.status,
        position_seconds: row.position_seconds,
        time_spent_seconds: row.time_spent_seconds,
        completed_at: row.completed_at,
        updated_at: row.updated_at,
        clock_skew,
    }
}

fn quiz_lesson() -> ApiError {
    ApiError::conflict(
        "quiz_lesson",
        Msg::new("Pelajaran kuis selesai dengan lulus kuisnya.", "A quiz lesson is completed by passing its quiz."),
    )
}

/// `PUT /lessons/{id}/progress`: one event; `event_id` is the request's `Idempotency-Key` when
/// sent, so a retried request counts once.
pub async fn put(
    db: &DatabaseConnection,
    clock: &Clock,
    requirements: &CompletionRequirements,
    actor: &AuthUser,
    lesson_id: Uuid,
    event_id: Option<String>,
    input: ProgressInput,
) -> ApiResult<LessonProgressDto> {
    let (found, access) = latih_courses::service::lessons::lesson_access(db, actor, lesson_id).await?;
    let enrollment = match access.relation {
        Relation::Enrolled(enrollment) => enrollment,
        _ => {
            return Err(ApiError::Forbidden(Msg::new(
                "Hanya peserta terdaftar yang mencatat kemajuan.",
                "Only enrolled learners record progress.",
            )));
        }
    };
    if found.kind == LessonKind::Quiz {
        return Err(quiz_lesson());
    }
    if !plausible(input.client_recorded_at) {
        return Err(ApiError::invalid(
            "client_recorded_at",
            "out_of_range",
            Msg::new("Waktu perangkat di luar tahun 2000 sampai 2100.", "The device time is outside 2000 to 2100."),
        ));
    }
    if input.position_seconds < 0 || input.time_spent_seconds < 0 {
        return Err(ApiError::invalid(
            "time_spent_seconds",
            "negative",
            Msg::new("Posisi dan waktu tidak boleh negatif.", "Position and time cannot be negative."),
        ));
    }
    let event = Event {
        id: event_id
            .map_or_else(|| format!("put:{}", latih_kernel::ids::new_id()), |key| format!("key:{}:{key}", found.id)),
        status: input.status,
        position_seconds: input.position_seconds,
        time_spent_seconds: input.time_spent_seconds,
        client_recorded_at: input.client_recorded_at,
    };
    let outcome = apply(db, clock, actor.id, &found, event).await?;
    refresh(db, clock, requirements, enrollment).await?;
    match outcome {
        Outcome::Merged { row, clock_skew } => Ok(to_dto(row, clock_skew)),
        Outcome::Duplicate => {
            let row = lesson_progress::Entity::find_by_id((actor.id, found.id))
                .one(db)
                .await?
                .ok_or_else(ApiError::not_found)?;
            Ok(to_dto(row, false))
        }
    }
}

/// The offline batch: each event accepted, a duplicate, or rejected with a reason; one bad
/// event never sinks the others. Completion is checked once per course touched.
pub async fn batch(
    db: &DatabaseConnection,
    clock: &Clock,
    requirements: &CompletionRequirements,
    actor: &AuthUser,
    events: Vec<BatchEvent>,
) -> ApiResult<BatchReport> {
    if events.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "events",
            "too_many",
            Msg::new("Paling banyak 500 kejadian per kiriman.", "At most 500 events per batch."),
        ));
    }
    let lesson_ids: Vec<Uuid> = events.iter().map(|e| e.lesson_id).collect();
    let lessons: HashMap<Uuid, lesson::Model> = lesson::Entity::find()
        .filter(lesson::Column::Id.is_in(lesson_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let enrollments: HashMap<Uuid, enrollment::Model> = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(actor.id))
        .filter(enrollment::Column::CourseId.is_in(lessons.values().map(|l| l.course_id).collect::<HashSet<_>>()))
        .filter(enrollment::Column::Status.ne(EnrollmentStatus::Withdrawn))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.course_id, e))
        .collect();
    let mut report = BatchReport { accepted: 0, duplicates: 0, rejected: Vec::new(), clock_skew: Vec::new() };
    let mut touched = HashSet::new();
    for input in events {
        let reject =
            |code: &str| RejectedEvent { client_event_id: input.client_event_id.clone(), code: code.to_owned() };
        let valid_id = (1..=128).contains(&input.client_event_id.len());
        if !valid_id
            || input.position_seconds < 0
            || input.time_spent_seconds < 0
            || !plausible(input.client_recorded_at)
        {
            report.rejected.push(reject("invalid_event"));
            continue;
        }
        let Some(found) = lessons.get(&input.lesson_id) else {
            report.rejected.push(reject("unknown_lesson"));
            continue;
        };
        if !enrollments.contains_key(&found.course_id) {
            report.rejected.push(reject("not_enrolled"));
            continue;
        }
        if found.kind == LessonKind::Quiz {
            report.rejected.push(reject("quiz_lesson"));
            continue;
        }
        let event = Event {
            id: format!("dev:{}", input.client_event_id),
            status: input.status,
            position_seconds: input.position_seconds,
            time_spent_seconds: input.time_spent_seconds,
            client_recorded_at: input.client_recorded_at,
        };
        match apply(db, clock, actor.id, found, event).await? {
            Outcome::Merged { clock_skew, .. } => {
                report.accepted += 1;
                touched.insert(found.course_id);
                if clock_skew {
                    report.clock_skew.push(input.client_event_id.clone());
                }
            }
            Outcome::Duplicate => {
                report.duplicates += 1;
                touched.insert(found.course_id);
            }
        }
    }
    for course_id in touched {
        if let Some(found) = enrollments.get(&course_id) {
            refresh(db, clock, requirements, found.clone()).await?;
        }
    }
    Ok(report)
}
