//! Classroom and webinar sessions: scheduling, registration that never over-books, attendance.

use latih_identity::entity::user;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::access::{self, CourseAccess, Relation};
use crate::dto::{CreateSession, RegistrationDto, SessionDto, SessionRegistration};
use crate::entity::{course_session, session_registration};
use crate::model::{Delivery, EnrollmentStatus};
use crate::service::enrollments::learner_ref;

fn to_dto(m: course_session::Model) -> SessionDto {
    SessionDto {
        seats_left: Ord::max(m.capacity - m.registered, 0),
        id: m.id,
        course_id: m.course_id,
        title: m.title,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        location: m.location,
        meeting_url: m.meeting_url,
        capacity: m.capacity,
        registered: m.registered,
        speaker: m.speaker,
        speaker_user_id: m.speaker_id,
    }
}

fn registration_dto(m: session_registration::Model) -> RegistrationDto {
    RegistrationDto {
        id: m.id,
        session_id: m.session_id,
        user_id: m.user_id,
        registered_at: m.registered_at,
        present: m.present,
    }
}

fn trimmed(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    input: CreateSession,
) -> ApiResult<SessionDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    let mut errors = FieldErrors::new();
    if !course.delivery.has_sessions() {
        errors.add(
            "course",
            "self_paced",
            Msg::new("Kursus mandiri tidak memiliki sesi terjadwal.", "Self-paced courses have no scheduled sessions."),
        );
    }
    if input.ends_at <= input.starts_at {
        errors.add(
            "ends_at",
            "before_start",
            Msg::new("Selesai harus setelah mulai.", "ends_at must be after starts_at."),
        );
    }
    if !(1..=10_000).contains(&input.capacity) {
        errors.add("capacity", "out_of_range", Msg::new("Kapasitas 1 sampai 10000.", "capacity is 1 to 10000."));
    }
    let location = trimmed(input.location.as_deref());
    let meeting_url = trimmed(input.meeting_url.as_deref());
    let bad_url = |u: &str| {
        !(u.starts_with("https://") || u.starts_with("http://")) || u.len() > 2000 || u.chars().any(char::is_whitespace)
    };
    if meeting_url.as_deref().is_some_and(bad_url) {
        errors.add(
            "meeting_url",
            "invalid_url",
            Msg::new("Alamat harus http(s)://...", "The address must be http(s)://..."),
        );
    }
    match course.delivery {
        Delivery::Classroom if location.is_none() => {
            errors.add(
                "location",
                "required",
                Msg::new("Sesi tatap muka perlu lokasi.", "A classroom session needs a location."),
            );
        }
        Delivery::Webinar if meeting_url.is_none() => {
            errors.add(
                "meeting_url",
                "required",
                Msg::new("Webinar perlu tautan rapat.", "A webinar needs a meeting link."),
            );
        }
        Delivery::Blended if location.is_none() && meeting_url.is_none() => {
            errors.add(
                "location",
                "required",
                Msg::new("Isi lokasi atau tautan rapat.", "Give a location or a meeting link."),
            );
        }
        _ => {}
    }
    let speaker_account = match input.speaker_user_id {
        Some(id) => {
            let found = user::Entity::find_by_id(id).one(db).await?;
            let usable =
                found.filter(|p| actor.is_platform_admin() || p.organization_id == Some(course.organization_id));
            if usable.is_none() {
                errors.add(
                    "speaker_user_id",
                    "not_found",
                    Msg::new(
                        "Narasumber tidak terdaftar di organisasi kursus ini.",
                        "The speaker is not registered in this course's organization.",
                    ),
                );
            }
            usable
        }
        None => None,
    };
    let speaker = trimmed(input.speaker.as_deref()).or_else(|| speaker_account.as_ref().map(|p| p.name.clone()));
    if speaker.as_deref().is_some_and(|s| s.chars().count() > 200) {
        errors.add("speaker", "too_long", Msg::new("Paling banyak 200 karakter.", "At most 200 characters."));
    }
    let title = trimmed(input.title.as_deref()).unwrap_or_else(|| course.title.clone());
    if title.chars().count() > 200 {
        errors.add("title", "too_long", Msg::new("Paling banyak 200 karakter.", "At most 200 characters."));
    }
    errors.finish()?;
    let model = course_session::ActiveModel {
        id: Set(new_id()),
        course_id: Set(course.id),
        title: Set(title),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        location: Set(location),
        meeting_url: Set(meeting_url),
        capacity: Set(input.capacity),
        registered: Set(0),
        speaker: Set(speaker),
        speaker_id: Set(speaker_account.as_ref().map(|s| s.id)),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?;
    Ok(to_dto(model))
}

/// The sessions of a course by start time, for anyone who can see the course.
/// Visitors see the schedule (to decide whether to enrol) but not the meeting links.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    course_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<SessionDto>> {
    let access = access::course_access(db, actor, course_id).await?;
    let participant = access.require_participant().is_ok();
    let limit = page.limit()?;
    let mut query = course_session::Entity::find().filter(course_session::Column::CourseId.eq(course_id));
    if let Some((starts_at, id)) = page.after::<(chrono::DateTime<chrono::Utc>, Uuid)>()? {
        query = query.filter(Condition::any().add(course_session::Column::StartsAt.gt(starts_at)).add(
            Condition::all().add(course_session::Column::StartsAt.eq(starts_at)).add(course_session::Column::Id.gt(id)),
        ));
    }
    let rows = query
        .order_by_asc(course_session::Column::StartsAt)
        .order_by_asc(course_session::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let (rows, next_cursor) = take_page(rows, limit, |s| (s.starts_at, s.id));
    let items = rows
        .into_iter()
        .map(|s| {
            let mut dto = to_dto(s);
            if !participant {
                dto.meeting_url = None;
            }
            dto
        })
        .collect();
    Ok(Page { items, next_cursor })
}

async fn session_access(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    session_id: Uuid,
) -> ApiResult<(course_session::Model, CourseAccess)> {
    let session = course_session::Entity::find_by_id(session_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let access = access::course_access(db, actor, session.course_id).await?;
    Ok((session, access))
}

/// Takes a seat for the caller, who must be actively enrolled. The seat is claimed by one
/// conditional update inside the transaction, so concurrent registrations never over-book.
pub async fn register(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    session_id: Uuid,
) -> ApiResult<RegistrationDto> {
    let (session, access) = session_access(db, actor, session_id).await?;
    match &access.relation {
        Relation::Enrolled(enrollment) if enrollment.status == EnrollmentStatus::Active => {}
        _ => {
            return Err(ApiError::Forbidden(Msg::new(
                "Hanya peserta terdaftar yang dapat memesan tempat.",
                "Only enrolled learners can register.",
            )));
        }
    }
    if session.starts_at <= clock.now() {
        return Err(ApiError::conflict(
            "session_started",
            Msg::new("Sesi sudah dimulai.", "The session has already started."),
        ));
    }
    let txn = db.begin().await?;
    let existing = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::UserId.eq(actor.id))
        .one(&txn)
        .await?;
    if existing.is_some() {
        txn.rollback().await?;
        return Err(ApiError::conflict(
            "already_registered",
            Msg::new("Sudah terdaftar di sesi ini.", "Already registered for this session."),
        ));
    }
    let seat = course_session::Entity::update_many()
        .col_expr(course_session::Column::Registered, Expr::col(course_session::Column::Registered).add(1))
        .filter(course_session::Column::Id.eq(session.id))
        .filter(Expr::col(course_session::Column::Registered).lt(Expr::col(course_session::Column::Capacity)))
        .exec(&txn)
        .await?;
    if seat.rows_affected == 0 {
        txn.rollback().await?;
        return Err(ApiError::conflict("session_full", Msg::new("Sesi sudah penuh.", "The session is full.")));
    }
    let saved = session_registration::ActiveModel {
        id: Set(new_id()),
        session_id: Set(session.id),
        user_id: Set(actor.id),
        registered_at: Set(clock.now()),
        present: Set(None),
        attendance_marked_at: Set(None),
    }
    .insert(&txn)
    .await;
    match saved {
        Ok(model) => {
            txn.commit().await?;
            Ok(registration_dto(model))
        }
        Err(error) => {
            txn.rollback().await?;
            Err(match ApiError::from(error) {
                ApiError::Conflict { .. } => ApiError::conflict(
                    "already_registered",
                    Msg::new("Sudah terdaftar di sesi ini.", "Already registered for this session."),
                ),
                other => other,
            })
        }
    }
}

/// Gives the caller's seat back, until the session starts.
pub async fn unregister(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, session_id: Uuid) -> ApiResult<()> {
    let (session, _) = session_access(db, actor, session_id).await?;
    if session.starts_at <= clock.now() {
        return Err(ApiError::conflict(
            "session_started",
            Msg::new("Sesi sudah dimulai.", "The session has already started."),
        ));
    }
    let txn = db.begin().await?;
    let removed = session_registration::Entity::delete_many()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::UserId.eq(actor.id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        txn.rollback().await?;
        return Err(ApiError::not_found());
    }
    course_session::Entity::update_many()
        .col_expr(course_session::Column::Registered, Expr::col(course_session::Column::Registered).sub(1))
        .filter(course_session::Column::Id.eq(session.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Staff mark whether a registered learner came.
pub async fn mark_attendance(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    session_id: Uuid,
    user_id: Uuid,
    present: bool,
) -> ApiResult<RegistrationDto> {
    let (session, access) = session_access(db, actor, session_id).await?;
    access.require_staff()?;
    let registration = session_registration::Entity::find()
        .filter(session_registration::Column::SessionId.eq(session.id))
        .filter(session_registration::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let mut active = registration.into_active_model();
    active.present = Set(Some(present));
    active.attendance_marked_at = Set(Some(clock.now()));
    Ok(registration_dto(active.update(db).await?))
}

/// Who registered, with attendance, for staff.
pub async fn registrations(
    db: &DatabaseConnection,
    actor: &AuthUser,
    session_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<SessionRegistration>> {
    let (session, access) = session_access(db, actor, session_id).await?;
    access.require_staff()?;
    let limit = page.limit()?;
    let mut query = session_registration::Entity::find().filter(session_registration::Column::SessionId.eq(session.id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(session_registration::Column::Id.gt(after));
    }
    let rows = query
        .find_also_related(user::Entity)
        .order_by_asc(session_registration::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let (rows, next_cursor) = take_page(rows, limit, |(r, _)| r.id);
    let items = rows
        .into_iter()
        .filter_map(|(registration, person)| {
            Some(SessionRegistration {
                registration: registration_dto(registration),
                learner: learner_ref(actor, person?),
            })
        })
        .collect();
    Ok(Page { items, next_cursor })
}
