//! Lessons: what each kind must carry, reading for participants, versioned edits for staff.

use latih_kernel::ids::new_id;
use latih_kernel::precondition::IfMatch;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::access::{self, CourseAccess};
use crate::dto::{CreateLesson, LessonDto, UpdateLesson};
use crate::entity::{course, lesson, section};
use crate::lesson_quizzes::LessonQuizzes;
use crate::model::{CourseStatus, LessonKind};
use crate::service::courses::touch;
use crate::service::jp as credit;
use crate::service::lesson_refs;
use crate::service::sections::{insert_position, title as check_title};

/// The content fields of a lesson, after merging an update over what is stored.
struct Content<'a> {
    kind: LessonKind,
    body: Option<&'a str>,
    media_id: Option<Uuid>,
    url: Option<&'a str>,
    quiz_id: Option<Uuid>,
    duration_minutes: i32,
}

fn required(errors: &mut FieldErrors, field: &str, kind: LessonKind) {
    errors.add(
        field,
        "required",
        Msg::new(
            format!("Pelajaran berjenis {} memerlukan {field}.", kind.as_str()),
            format!("A {} lesson needs {field}.", kind.as_str()),
        ),
    );
}

fn check_content(content: &Content<'_>, errors: &mut FieldErrors) {
    match content.kind {
        LessonKind::Text if content.body.is_none_or(|b| b.trim().is_empty()) => required(errors, "body", content.kind),
        LessonKind::Video | LessonKind::Document if content.media_id.is_none() => {
            required(errors, "media_id", content.kind);
        }
        LessonKind::Link if content.url.is_none() => required(errors, "url", content.kind),
        LessonKind::Quiz if content.quiz_id.is_none() => required(errors, "quiz_id", content.kind),
        _ => {}
    }
    if let Some(url) = content.url {
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 2000
            && !url.chars().any(char::is_whitespace);
        if !ok {
            errors.add(
                "url",
                "invalid_url",
                Msg::new("Alamat harus http(s)://...", "The address must be http(s)://..."),
            );
        }
    }
    if content.body.is_some_and(|b| b.len() > 200_000) {
        errors.add("body", "too_long", Msg::new("Isi terlalu panjang.", "The body is too long."));
    }
    if !(0..=10_000).contains(&content.duration_minutes) {
        errors.add(
            "duration_minutes",
            "out_of_range",
            Msg::new("Durasi 0 sampai 10000 menit.", "duration_minutes is 0 to 10000."),
        );
    }
}

/// The file and the quiz a lesson points at, whatever its kind, on every write.
async fn check_refs(
    db: &DatabaseConnection,
    quizzes: &LessonQuizzes,
    actor: &AuthUser,
    course: &course::Model,
    media_id: Option<Uuid>,
    quiz_id: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(media_id) = media_id {
        lesson_refs::check_media(db, actor, course, media_id).await?;
    }
    if let Some(quiz_id) = quiz_id {
        lesson_refs::check_quiz(db, quizzes, course.id, quiz_id).await?;
    }
    Ok(())
}

fn last_required() -> ApiError {
    ApiError::conflict(
        "last_required_lesson",
        Msg::new(
            "Kursus yang sudah terbit perlu paling sedikit satu pelajaran wajib.",
            "A published course keeps at least one required lesson.",
        ),
    )
}

async fn required_count(db: &impl ConnectionTrait, course_id: Uuid) -> ApiResult<u64> {
    Ok(lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course_id))
        .filter(lesson::Column::Required.eq(true))
        .count(db)
        .await?)
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    quizzes: &LessonQuizzes,
    actor: &AuthUser,
    section_id: Uuid,
    input: CreateLesson,
) -> ApiResult<LessonDto> {
    let found = section::Entity::find_by_id(section_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let course = access::staff_access(db, actor, found.course_id).await?.course;
    let mut errors = FieldErrors::new();
    let title = errors.check("title", check_title(&input.title));
    let url = input.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    check_content(
        &Content {
            kind: input.kind,
            body: input.body.as_deref(),
            media_id: input.media_id,
            url,
            quiz_id: input.quiz_id,
            duration_minutes: input.duration_minutes,
        },
        &mut errors,
    );
    errors.finish()?;
    check_refs(db, quizzes, actor, &course, input.media_id, input.quiz_id).await?;
    let title = title.ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated title missing")))?;
    let now = clock.now();
    let txn = db.begin().await?;
    touch(&txn, found.course_id, clock).await?;
    let count = lesson::Entity::find().filter(lesson::Column::SectionId.eq(found.id)).count(&txn).await?;
    let position = insert_position(input.position, count);
    lesson::Entity::update_many()
        .col_expr(lesson::Column::Position, Expr::col(lesson::Column::Position).add(1))
        .filter(lesson::Column::SectionId.eq(found.id))
        .filter(lesson::Column::Position.gte(position))
        .exec(&txn)
        .await?;
    let model = lesson::ActiveModel {
        id: Set(new_id()),
        course_id: Set(found.course_id),
        section_id: Set(found.id),
        title: Set(title),
        kind: Set(input.kind),
        body: Set(input.body),
        media_id: Set(input.media_id),
        url: Set(url.map(str::to_owned)),
        quiz_id: Set(input.quiz_id),
        duration_minutes: Set(input.duration_minutes),
        required: Set(input.required.unwrap_or(true)),
        position: Set(position),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(model.into())
}

/// The lesson and the caller's access to its course.
pub async fn lesson_access(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    lesson_id: Uuid,
) -> ApiResult<(lesson::Model, CourseAccess)> {
    let found = lesson::Entity::find_by_id(lesson_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let access = access::course_access(db, actor, found.course_id).await?;
    Ok((found, access))
}

/// Enrolled learners and staff read a lesson; visitors of the course get 403, others 404.
pub async fn get(db: &DatabaseConnection, actor: &AuthUser, lesson_id: Uuid) -> ApiResult<LessonDto> {
    let (found, access) = lesson_access(db, actor, lesson_id).await?;
    access.require_participant()?;
    Ok(found.into())
}

pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    quizzes: &LessonQuizzes,
    actor: &AuthUser,
    lesson_id: Uuid,
    if_match: &IfMatch,
    input: UpdateLesson,
) -> ApiResult<LessonDto> {
    let (found, access) = lesson_access(db, actor, lesson_id).await?;
    access.require_staff()?;
    if_match.check(found.version)?;
    let body = input.body.clone().unwrap_or_else(|| found.body.clone());
    let url =
        input.url.clone().unwrap_or_else(|| found.url.clone()).map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    let mut errors = FieldErrors::new();
    let title = input.title.as_deref().and_then(|t| errors.check("title", check_title(t)));
    let content = Content {
        kind: input.kind.unwrap_or(found.kind),
        body: body.as_deref(),
        media_id: input.media_id.unwrap_or(found.media_id),
        url: url.as_deref(),
        quiz_id: input.quiz_id.unwrap_or(found.quiz_id),
        duration_minutes: input.duration_minutes.unwrap_or(found.duration_minutes),
    };
    check_content(&content, &mut errors);
    errors.finish()?;
    check_refs(db, quizzes, actor, &access.course, content.media_id, content.quiz_id).await?;
    let required = input.required.unwrap_or(found.required);
    let published = access.course.status != CourseStatus::Draft;
    if published && found.required && !required && required_count(db, found.course_id).await? <= 1 {
        return Err(last_required());
    }
    let changes = lesson::ActiveModel {
        title: Set(title.unwrap_or_else(|| found.title.clone())),
        kind: Set(content.kind),
        body: Set(body.clone()),
        media_id: Set(content.media_id),
        url: Set(url.clone()),
        quiz_id: Set(content.quiz_id),
        duration_minutes: Set(content.duration_minutes),
        required: Set(required),
        version: Set(found.version + 1),
        updated_at: Set(clock.now()),
        ..Default::default()
    };
    let updated = lesson::Entity::update_many()
        .set(changes)
        .filter(lesson::Column::Id.eq(found.id))
        .filter(lesson::Column::Version.eq(found.version))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    if published {
        credit::recheck(db, found.course_id).await?;
    }
    let saved = lesson::Entity::find_by_id(found.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    Ok(saved.into())
}

/// Deletes a lesson; the last lesson of a published course stays (a published course has one).
pub async fn delete(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    lesson_id: Uuid,
    if_match: &IfMatch,
) -> ApiResult<()> {
    let (found, access) = lesson_access(db, actor, lesson_id).await?;
    access.require_staff()?;
    if_match.check(found.version)?;
    let txn = db.begin().await?;
    touch(&txn, found.course_id, clock).await?;
    let lessons = lesson::Entity::find().filter(lesson::Column::CourseId.eq(found.course_id)).count(&txn).await?;
    if lessons <= 1 && access.course.status != CourseStatus::Draft {
        txn.rollback().await?;
        return Err(ApiError::conflict(
            "last_lesson",
            Msg::new(
                "Kursus yang sudah terbit perlu paling sedikit satu pelajaran.",
                "A published course keeps at least one lesson.",
            ),
        ));
    }
    if found.required
        && access.course.status != CourseStatus::Draft
        && required_count(&txn, found.course_id).await? <= 1
    {
        txn.rollback().await?;
        return Err(last_required());
    }
    lesson::Entity::delete_by_id(found.id).exec(&txn).await?;
    lesson::Entity::update_many()
        .col_expr(lesson::Column::Position, Expr::col(lesson::Column::Position).sub(1))
        .filter(lesson::Column::SectionId.eq(found.section_id))
        .filter(lesson::Column::Position.gt(found.position))
        .exec(&txn)
        .await?;
    if access.course.status != CourseStatus::Draft {
        credit::recheck(&txn, found.course_id).await?;
    }
    txn.commit().await?;
    Ok(())
}
