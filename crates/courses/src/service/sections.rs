//! Sections of an outline: added at a position, renamed, removed when empty.

use latih_kernel::error::FieldError;
use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::access::{self, CourseAccess};
use crate::dto::{CreateSection, SectionDto, UpdateSection};
use crate::entity::{lesson, section};
use crate::service::courses::touch;

pub fn title(raw: &str) -> Result<String, FieldError> {
    let title = raw.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(FieldError::new(
            "invalid_title",
            Msg::new("Judul 1 sampai 200 karakter.", "A title has 1 to 200 characters."),
        ));
    }
    Ok(title.to_owned())
}

/// The place to insert at: `wanted` clamped to `0..=count`, or the end.
pub fn insert_position(wanted: Option<i32>, count: u64) -> i32 {
    let end = i32::try_from(count).unwrap_or(i32::MAX);
    wanted.map_or(end, |p| p.clamp(0, end))
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    input: CreateSection,
) -> ApiResult<SectionDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    let mut errors = FieldErrors::new();
    let title = errors.check("title", title(&input.title));
    errors.finish()?;
    let title = title.ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated title missing")))?;
    let txn = db.begin().await?;
    touch(&txn, course.id, clock).await?;
    let count = section::Entity::find().filter(section::Column::CourseId.eq(course.id)).count(&txn).await?;
    let position = insert_position(input.position, count);
    section::Entity::update_many()
        .col_expr(section::Column::Position, Expr::col(section::Column::Position).add(1))
        .filter(section::Column::CourseId.eq(course.id))
        .filter(section::Column::Position.gte(position))
        .exec(&txn)
        .await?;
    let model = section::ActiveModel {
        id: Set(new_id()),
        course_id: Set(course.id),
        title: Set(title),
        position: Set(position),
        created_at: Set(clock.now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(model.into())
}

/// The section and the course access of a caller who must be its staff.
async fn staff_section(db: &impl ConnectionTrait, actor: &AuthUser, section_id: Uuid) -> ApiResult<section::Model> {
    let found = section::Entity::find_by_id(section_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    access::staff_access(db, actor, found.course_id).await?;
    Ok(found)
}

pub async fn rename(
    db: &DatabaseConnection,
    actor: &AuthUser,
    section_id: Uuid,
    input: UpdateSection,
) -> ApiResult<SectionDto> {
    let found = staff_section(db, actor, section_id).await?;
    let mut errors = FieldErrors::new();
    let title = errors.check("title", title(&input.title));
    errors.finish()?;
    let mut active = found.into_active_model();
    if let Some(title) = title {
        active.title = Set(title);
    }
    Ok(active.update(db).await?.into())
}

/// Removes an empty section; one with lessons is a 409.
pub async fn delete(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, section_id: Uuid) -> ApiResult<()> {
    let found = staff_section(db, actor, section_id).await?;
    let txn = db.begin().await?;
    touch(&txn, found.course_id, clock).await?;
    let lessons = lesson::Entity::find().filter(lesson::Column::SectionId.eq(found.id)).count(&txn).await?;
    if lessons > 0 {
        txn.rollback().await?;
        return Err(ApiError::conflict(
            "section_not_empty",
            Msg::new("Pindahkan atau hapus pelajarannya dulu.", "Move or delete its lessons first."),
        ));
    }
    section::Entity::delete_by_id(found.id).exec(&txn).await?;
    section::Entity::update_many()
        .col_expr(section::Column::Position, Expr::col(section::Column::Position).sub(1))
        .filter(section::Column::CourseId.eq(found.course_id))
        .filter(section::Column::Position.gt(found.position))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
