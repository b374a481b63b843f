//! What a lesson may point at. A file becomes readable by the course's staff and learners once
//! a lesson uses it, so only a file meant for lessons, of the course's organization, that the
//! caller uploaded or already uses in a course they staff, may be attached; a quiz must be one
//! of the same course.

use latih_kernel::{ApiError, ApiResult, AuthUser, Msg};
use latih_media::entity::media;
use latih_media::model::{MediaStatus, Purpose};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::access;
use crate::entity::{course, lesson};
use crate::lesson_quizzes::LessonQuizzes;

fn unknown_file() -> ApiError {
    ApiError::invalid("media_id", "media_not_found", Msg::new("Berkas tidak dikenal.", "Unknown file."))
}

/// Whether the caller is staff of a course whose lessons already use the file.
async fn staffs_a_course_using(db: &DatabaseConnection, actor: &AuthUser, media_id: Uuid) -> ApiResult<bool> {
    let course_ids: Vec<Uuid> = lesson::Entity::find()
        .select_only()
        .column(lesson::Column::CourseId)
        .filter(lesson::Column::MediaId.eq(media_id))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    for found in course::Entity::find().filter(course::Column::Id.is_in(course_ids)).all(db).await? {
        if access::is_staff(db, actor, &found).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A file a lesson of `course` may use: a ready `lesson` file of the course's organization that
/// the caller uploaded, or that a course they staff already uses. Anything else is "unknown"
/// (422), so nobody learns of other people's files by trying ids.
pub async fn check_media(
    db: &DatabaseConnection,
    actor: &AuthUser,
    course: &course::Model,
    media_id: Uuid,
) -> ApiResult<()> {
    let row = media::Entity::find_by_id(media_id)
        .one(db)
        .await?
        .filter(|m| m.organization_id == Some(course.organization_id) && m.purpose == Purpose::Lesson)
        .ok_or_else(unknown_file)?;
    if row.owner_id != actor.id && !staffs_a_course_using(db, actor, row.id).await? {
        return Err(unknown_file());
    }
    if row.status != MediaStatus::Ready {
        return Err(ApiError::invalid(
            "media_id",
            "media_not_ready",
            Msg::new("Berkas belum selesai diunggah dan diperiksa.", "The file is not uploaded and checked yet."),
        ));
    }
    Ok(())
}

/// A quiz a lesson of `course_id` may use: one of the same course.
pub async fn check_quiz(
    db: &DatabaseConnection,
    quizzes: &LessonQuizzes,
    course_id: Uuid,
    quiz_id: Uuid,
) -> ApiResult<()> {
    if quizzes.course_of(db, quiz_id).await? == Some(course_id) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "quiz_id",
            "quiz_not_found",
            Msg::new("Kuis tidak ada di kursus ini.", "The quiz is not one of this course's."),
        ))
    }
}
