//! A course's JP credit: what its required content backs is approved on its own; anything above
//! waits for an org admin of the course's organization. Nobody mints JP by typing a number.

use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::access;
use crate::dto::CourseDto;
use crate::entity::{course, course_session, lesson};
use crate::model::CourseStatus;
use crate::service::courses::{course_dto, save_versioned};

/// Minutes in one JP (jam pelajaran).
pub const MINUTES_PER_JP: i64 = 45;

/// The JP the course's required content backs: required lesson minutes plus session hours,
/// 45 minutes a JP, rounded up.
pub async fn backed(db: &impl ConnectionTrait, course_id: Uuid) -> ApiResult<i32> {
    let lesson_minutes: i64 = lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course_id))
        .filter(lesson::Column::Required.eq(true))
        .all(db)
        .await?
        .iter()
        .map(|l| i64::from(l.duration_minutes.max(0)))
        .sum();
    let session_minutes: i64 = course_session::Entity::find()
        .filter(course_session::Column::CourseId.eq(course_id))
        .all(db)
        .await?
        .iter()
        .map(|s| (s.ends_at - s.starts_at).num_minutes().max(0))
        .sum();
    let minutes = lesson_minutes.saturating_add(session_minutes);
    Ok(i32::try_from((minutes + MINUTES_PER_JP - 1) / MINUTES_PER_JP).unwrap_or(i32::MAX))
}

/// Settles the JP when a course is published: an org admin's decision stands; otherwise what
/// the content backs is approved and anything above it waits.
pub fn settle(changes: &mut course::ActiveModel, course: &course::Model, backed: i32, clock: &Clock) {
    if course.jp_approved_by.is_some() {
        return;
    }
    changes.jp = Set(course.jp_requested.min(backed));
    changes.jp_approved_at = Set((course.jp_requested <= backed).then(|| clock.now()));
}

/// Staff ask for a different JP: any earlier decision lapses. A draft settles it when
/// published; a published course approves it at once when its content backs it, and otherwise
/// credits what the content backs until an org admin decides.
pub fn request(changes: &mut course::ActiveModel, course: &course::Model, jp: i32, backed: i32, clock: &Clock) {
    changes.jp_requested = Set(jp);
    changes.jp_approved_by = Set(None);
    if course.status == CourseStatus::Draft {
        changes.jp = Set(0);
        changes.jp_approved_at = Set(None);
    } else {
        changes.jp = Set(jp.min(backed));
        changes.jp_approved_at = Set((jp <= backed).then(|| clock.now()));
    }
}

/// After required content shrank on a course that is not a draft: an automatic approval never
/// credits more than the content still backs. An org admin's decision stands.
pub async fn recheck(db: &impl ConnectionTrait, course_id: Uuid) -> ApiResult<()> {
    let Some(found) = course::Entity::find_by_id(course_id).one(db).await? else { return Ok(()) };
    if found.status == CourseStatus::Draft || found.jp_approved_by.is_some() {
        return Ok(());
    }
    let backed = backed(db, course_id).await?;
    if found.jp > backed {
        course::Entity::update_many()
            .set(course::ActiveModel { jp: Set(backed), jp_approved_at: Set(None), ..Default::default() })
            .filter(course::Column::Id.eq(course_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// An org admin of the course's organization (by their current roles) approves its JP: 0 up
/// to what staff requested.
pub async fn approve(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    jp: i32,
) -> ApiResult<CourseDto> {
    let access = access::course_access(db, actor, course_id).await?;
    let course = access.course;
    if !access::administers_now(db, actor, course.organization_id).await? {
        return Err(ApiError::Forbidden(Msg::new(
            "Hanya admin organisasi pemilik kursus yang menyetujui JP.",
            "Only an org admin of the course's organization approves its JP.",
        )));
    }
    if course.status == CourseStatus::Archived {
        return Err(ApiError::conflict(
            "course_archived",
            Msg::new("Kursus sudah diarsipkan.", "The course is archived."),
        ));
    }
    if !(0..=course.jp_requested).contains(&jp) {
        return Err(ApiError::invalid(
            "jp",
            "out_of_range",
            Msg::new(
                format!("JP antara 0 dan {} yang diminta.", course.jp_requested),
                format!("jp is between 0 and the {} requested.", course.jp_requested),
            ),
        ));
    }
    let changes = course::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(course.id),
        jp: Set(jp),
        jp_approved_by: Set(Some(actor.id)),
        jp_approved_at: Set(Some(clock.now())),
        ..Default::default()
    };
    let saved = save_versioned(db, changes, course.version, clock).await?;
    course_dto(db, actor, saved).await
}
