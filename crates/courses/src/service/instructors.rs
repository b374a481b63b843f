//! The instructors of a course: people holding the instructor role in its organization, never
//! someone taking the course (staff do not complete their own course).

use latih_identity::entity::user;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use crate::access::{self, CourseAccess};
use crate::dto::CourseDto;
use crate::entity::{course, course_staff, enrollment};
use crate::model::EnrollmentStatus;
use crate::service::courses::{course_dto, touch};

/// Adds an instructor (a person holding the instructor role) to the course staff.
pub async fn add(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    user_id: Uuid,
) -> ApiResult<CourseDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    let person = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|p| actor.is_platform_admin() || p.organization_id == Some(course.organization_id))
        .ok_or_else(ApiError::not_found)?;
    if !latih_kernel::Roles::from_column(&person.roles).contains(Role::Instructor) {
        return Err(ApiError::invalid(
            "user_id",
            "not_an_instructor",
            Msg::new("Orang ini tidak berperan instruktur.", "This person does not hold the instructor role."),
        ));
    }
    let enrolled = enrollment::Entity::find()
        .filter(enrollment::Column::CourseId.eq(course.id))
        .filter(enrollment::Column::UserId.eq(user_id))
        .filter(enrollment::Column::Status.eq(EnrollmentStatus::Active))
        .one(db)
        .await?;
    if enrolled.is_some() {
        return Err(ApiError::conflict(
            "enrolled_learner",
            Msg::new(
                "Orang ini sedang mengikuti kursus ini; staf tidak menyelesaikan kursusnya sendiri.",
                "This person is taking the course; staff do not complete their own course.",
            ),
        ));
    }
    let txn = db.begin().await?;
    touch(&txn, course.id, clock).await?;
    if course_staff::Entity::find_by_id((course.id, user_id)).one(&txn).await?.is_none() {
        course_staff::ActiveModel { course_id: Set(course.id), user_id: Set(user_id), added_at: Set(clock.now()) }
            .insert(&txn)
            .await?;
    }
    txn.commit().await?;
    reload(db, actor, course.id).await
}

async fn reload(db: &DatabaseConnection, actor: &AuthUser, course_id: Uuid) -> ApiResult<CourseDto> {
    let course = course::Entity::find_by_id(course_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    course_dto(db, actor, course).await
}

pub async fn remove(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    user_id: Uuid,
) -> ApiResult<CourseDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    let txn = db.begin().await?;
    touch(&txn, course.id, clock).await?;
    course_staff::Entity::delete_by_id((course.id, user_id)).exec(&txn).await?;
    txn.commit().await?;
    reload(db, actor, course.id).await
}
