//! What a course develops, up to which level: set by its staff, read by whoever may see it.

use latih_courses::access::course_access;
use latih_kernel::{ApiResult, AuthUser, FieldErrors};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{CompetencyLevel, CourseCompetencies};
use crate::entity::course_competency;
use crate::service::competencies::check_items;

async fn items_of(db: &impl ConnectionTrait, course_id: Uuid) -> ApiResult<CourseCompetencies> {
    let rows = course_competency::Entity::find()
        .filter(course_competency::Column::CourseId.eq(course_id))
        .order_by_asc(course_competency::Column::CompetencyId)
        .all(db)
        .await?;
    let items = rows.into_iter().map(|r| CompetencyLevel { competency_id: r.competency_id, level: r.level }).collect();
    Ok(CourseCompetencies { items })
}

pub async fn get(db: &DatabaseConnection, actor: &AuthUser, course_id: Uuid) -> ApiResult<CourseCompetencies> {
    course_access(db, actor, course_id).await?;
    items_of(db, course_id).await
}

/// Replaces the whole list in one transaction.
pub async fn put(
    db: &DatabaseConnection,
    actor: &AuthUser,
    course_id: Uuid,
    input: CourseCompetencies,
) -> ApiResult<CourseCompetencies> {
    let access = course_access(db, actor, course_id).await?;
    access.require_staff()?;
    let mut errors = FieldErrors::new();
    check_items(db, Some(access.course.organization_id), "items", &input.items, &mut errors).await?;
    errors.finish()?;
    let txn = db.begin().await?;
    course_competency::Entity::delete_many()
        .filter(course_competency::Column::CourseId.eq(course_id))
        .exec(&txn)
        .await?;
    if !input.items.is_empty() {
        let rows = input.items.iter().map(|i| course_competency::ActiveModel {
            course_id: Set(course_id),
            competency_id: Set(i.competency_id),
            level: Set(i.level),
        });
        course_competency::Entity::insert_many(rows).exec(&txn).await?;
    }
    let saved = items_of(&txn, course_id).await?;
    txn.commit().await?;
    Ok(saved)
}
