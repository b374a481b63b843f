//! Who the caller is to a course: staff, an enrolled learner, a visitor who may see it in the
//! catalog, or nobody (404). Every course endpoint starts here.

use latih_identity::entity::user;
use latih_kernel::{ApiError, ApiResult, AuthUser, Role, Roles};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{course, course_staff, enrollment};
use crate::model::{CourseStatus, EnrollmentStatus, Visibility};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Instructors of the course, org admins of its organization, platform admins.
    Staff,
    /// An active or completed enrolment.
    Enrolled(enrollment::Model),
    /// May see the course (published, or archived) but is not enrolled.
    Visitor,
}

#[derive(Clone, Debug)]
pub struct CourseAccess {
    pub course: course::Model,
    pub relation: Relation,
}

impl CourseAccess {
    pub fn is_staff(&self) -> bool {
        self.relation == Relation::Staff
    }

    /// 403 unless staff.
    pub fn require_staff(&self) -> ApiResult<()> {
        if self.is_staff() { Ok(()) } else { Err(ApiError::forbidden()) }
    }

    /// Lessons, outlines and sessions are for staff and enrolled learners; visitors get 403.
    pub fn require_participant(&self) -> ApiResult<()> {
        match self.relation {
            Relation::Staff | Relation::Enrolled(_) => Ok(()),
            Relation::Visitor => Err(ApiError::Forbidden(latih_kernel::Msg::new(
                "Daftar di kursus ini untuk membuka materinya.",
                "Enrol in this course to open its materials.",
            ))),
        }
    }
}

/// Whether the caller is staff of the course now: judged from their current row (roles and
/// organization), not from the token, so rights end the moment a role or organization changes.
pub async fn is_staff(db: &impl ConnectionTrait, actor: &AuthUser, course: &course::Model) -> ApiResult<bool> {
    match user::Entity::find_by_id(actor.id).one(db).await? {
        Some(person) => person_is_staff(db, course, &person).await,
        None => Ok(false),
    }
}

/// Whether `person` is staff of the course: a platform admin, an org admin of its organization,
/// or a listed instructor who still holds the instructor role in its organization.
pub async fn person_is_staff(
    db: &impl ConnectionTrait,
    course: &course::Model,
    person: &user::Model,
) -> ApiResult<bool> {
    if holds_staff_rights(course, person, false) {
        return Ok(true);
    }
    let listed = counts_as_instructor(course, person)
        && course_staff::Entity::find_by_id((course.id, person.id)).one(db).await?.is_some();
    Ok(listed)
}

/// [`person_is_staff`] when whether the person is listed as an instructor is already known.
pub fn holds_staff_rights(course: &course::Model, person: &user::Model, listed: bool) -> bool {
    let roles = Roles::from_column(&person.roles);
    person.is_active
        && (roles.contains(Role::PlatformAdmin)
            || (person.organization_id == Some(course.organization_id) && roles.contains(Role::OrgAdmin))
            || (listed && counts_as_instructor(course, person)))
}

/// Whether a listed instructor still counts: instructor role, active, in the course's organization.
pub fn counts_as_instructor(course: &course::Model, person: &user::Model) -> bool {
    person.is_active
        && person.organization_id == Some(course.organization_id)
        && Roles::from_column(&person.roles).contains(Role::Instructor)
}

/// Whether the caller administers `organization_id` now (current roles, not the token's).
pub async fn administers_now(db: &impl ConnectionTrait, actor: &AuthUser, organization_id: Uuid) -> ApiResult<bool> {
    let Some(person) = user::Entity::find_by_id(actor.id).one(db).await? else { return Ok(false) };
    let roles = Roles::from_column(&person.roles);
    Ok(person.is_active
        && (roles.contains(Role::PlatformAdmin)
            || (roles.contains(Role::OrgAdmin) && person.organization_id == Some(organization_id))))
}

/// Whether the course is meant for the caller's organization: public, or their own.
pub fn in_audience(actor: &AuthUser, course: &course::Model) -> bool {
    course.visibility == Visibility::Public || actor.belongs_to(course.organization_id)
}

/// Whether a course shows in the caller's catalog: published and in their audience.
pub fn visible_in_catalog(actor: &AuthUser, course: &course::Model) -> bool {
    course.status == CourseStatus::Published && in_audience(actor, course)
}

/// The course and the caller's relation to it; 404 when the caller may not know it exists.
pub async fn course_access(db: &impl ConnectionTrait, actor: &AuthUser, course_id: Uuid) -> ApiResult<CourseAccess> {
    let course = course::Entity::find_by_id(course_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if is_staff(db, actor, &course).await? {
        return Ok(CourseAccess { course, relation: Relation::Staff });
    }
    let enrolled = enrollment::Entity::find()
        .filter(enrollment::Column::CourseId.eq(course.id))
        .filter(enrollment::Column::UserId.eq(actor.id))
        .filter(enrollment::Column::Status.ne(EnrollmentStatus::Withdrawn))
        .one(db)
        .await?;
    let relation = match enrolled {
        Some(enrollment) => Relation::Enrolled(enrollment),
        None if course.status != CourseStatus::Draft && in_audience(actor, &course) => Relation::Visitor,
        None => return Err(ApiError::not_found()),
    };
    Ok(CourseAccess { course, relation })
}

/// The course, if the caller is its staff: 404 when they cannot see it, 403 when they can.
pub async fn staff_access(db: &impl ConnectionTrait, actor: &AuthUser, course_id: Uuid) -> ApiResult<CourseAccess> {
    let access = course_access(db, actor, course_id).await?;
    access.require_staff()?;
    Ok(access)
}
