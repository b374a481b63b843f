//! The outline in one round trip and a fixed number of queries, and its reordering.

use std::collections::{HashMap, HashSet};

use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

use crate::access;
use crate::dto::{LessonSummary, Outline, OutlineOrder, OutlineSection};
use crate::entity::{course, lesson, section};
use crate::service::courses::{course_dto, touch};

async fn build(db: &DatabaseConnection, actor: &AuthUser, course: course::Model) -> ApiResult<Outline> {
    let sections = section::Entity::find()
        .filter(section::Column::CourseId.eq(course.id))
        .order_by_asc(section::Column::Position)
        .all(db)
        .await?;
    let lessons = lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course.id))
        .order_by_asc(lesson::Column::Position)
        .all(db)
        .await?;
    let mut by_section: HashMap<Uuid, Vec<LessonSummary>> = HashMap::new();
    for lesson in &lessons {
        by_section.entry(lesson.section_id).or_default().push(LessonSummary::from(lesson));
    }
    let sections = sections
        .into_iter()
        .map(|s| OutlineSection {
            lessons: by_section.remove(&s.id).unwrap_or_default(),
            id: s.id,
            title: s.title,
            position: s.position,
        })
        .collect();
    Ok(Outline { course: course_dto(db, actor, course).await?, sections })
}

/// Sections with their lessons (no bodies), for enrolled learners and staff.
pub async fn get(db: &DatabaseConnection, actor: &AuthUser, course_id: Uuid) -> ApiResult<Outline> {
    let access = access::course_access(db, actor, course_id).await?;
    access.require_participant()?;
    build(db, actor, access.course).await
}

/// Sets the whole order at once: every section of the course exactly once, each with its
/// lessons; lessons may move between sections. One transaction.
pub async fn reorder(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    order: OutlineOrder,
) -> ApiResult<Outline> {
    access::staff_access(db, actor, course_id).await?;
    let txn = db.begin().await?;
    touch(&txn, course_id, clock).await?;
    let sections: HashSet<Uuid> = section::Entity::find()
        .filter(section::Column::CourseId.eq(course_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let lessons: HashSet<Uuid> = lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect();
    let given_sections: Vec<Uuid> = order.sections.iter().map(|s| s.id).collect();
    let given_lessons: Vec<Uuid> = order.sections.iter().flat_map(|s| s.lessons.iter().copied()).collect();
    let mut errors = FieldErrors::new();
    if given_sections.len() != sections.len()
        || given_sections.iter().collect::<HashSet<_>>() != sections.iter().collect()
    {
        errors.add(
            "sections",
            "incomplete_order",
            Msg::new("Sebutkan setiap bagian kursus tepat sekali.", "List every section of the course exactly once."),
        );
    }
    if given_lessons.len() != lessons.len() || given_lessons.iter().collect::<HashSet<_>>() != lessons.iter().collect()
    {
        errors.add(
            "sections.lessons",
            "incomplete_order",
            Msg::new("Sebutkan setiap pelajaran kursus tepat sekali.", "List every lesson of the course exactly once."),
        );
    }
    if !errors.is_empty() {
        txn.rollback().await?;
        return Err(ApiError::Validation(errors));
    }
    for (section_position, section_order) in order.sections.iter().enumerate() {
        section::Entity::update(section::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(section_order.id),
            position: Set(i32::try_from(section_position).unwrap_or(i32::MAX)),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        for (lesson_position, lesson_id) in section_order.lessons.iter().enumerate() {
            lesson::Entity::update(lesson::ActiveModel {
                id: sea_orm::ActiveValue::Unchanged(*lesson_id),
                section_id: Set(section_order.id),
                position: Set(i32::try_from(lesson_position).unwrap_or(i32::MAX)),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    let course = course::Entity::find_by_id(course_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    build(db, actor, course).await
}
