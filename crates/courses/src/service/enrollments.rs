//! Enrolment: self-enrolment, assignment by org admins with a deadline, withdrawal, and the
//! lists learners, staff and org admins read.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use latih_identity::entity::{organization, user};
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg, Page, Role};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::access::{self, Relation};
use crate::dto::{CourseEnrollment, EnrollmentDto, EnrollmentFilter, LearnerRef, MyEnrollment};
use crate::entity::{course, course_session, enrollment, session_registration};
use crate::model::{CourseStatus, EnrollmentStatus};

pub(crate) fn already_enrolled() -> ApiError {
    ApiError::conflict(
        "already_enrolled",
        Msg::new("Sudah terdaftar di kursus ini.", "Already enrolled in this course."),
    )
}

/// Course staff do not enrol in (and so never complete and earn the JP of) their own course.
fn staff_cannot_enrol() -> ApiError {
    ApiError::conflict(
        "course_staff",
        Msg::new(
            "Staf kursus tidak dapat mendaftar di kursusnya sendiri.",
            "Course staff cannot enrol in their own course.",
        ),
    )
}

pub(crate) fn not_open(course: &course::Model) -> Option<ApiError> {
    match course.status {
        CourseStatus::Published => None,
        CourseStatus::Archived => Some(ApiError::conflict(
            "course_archived",
            Msg::new(
                "Kursus sudah diarsipkan dan tidak menerima peserta baru.",
                "The course is archived and takes no new learners.",
            ),
        )),
        CourseStatus::Draft => Some(ApiError::conflict(
            "course_not_published",
            Msg::new("Kursus belum terbit.", "The course is not published yet."),
        )),
    }
}

/// The enrolment as the API shows it; `today` is the date in the learner's organization.
pub fn to_dto(m: enrollment::Model, today: Option<NaiveDate>) -> EnrollmentDto {
    let overdue =
        m.status == EnrollmentStatus::Active && matches!((m.due_on, today), (Some(due), Some(today)) if today > due);
    EnrollmentDto {
        id: m.id,
        course_id: m.course_id,
        user_id: m.user_id,
        status: m.status,
        due_on: m.due_on,
        overdue,
        enrolled_at: m.enrolled_at,
        withdrawn_at: m.withdrawn_at,
        completed_at: m.completed_at,
        progress_percent: m.progress_percent,
    }
}

/// Today in each organization's time zone, for many organizations in one query.
pub(crate) async fn todays(
    db: &impl ConnectionTrait,
    clock: &Clock,
    orgs: impl IntoIterator<Item = Uuid>,
) -> ApiResult<HashMap<Uuid, NaiveDate>> {
    let ids: HashSet<Uuid> = orgs.into_iter().collect();
    let rows = organization::Entity::find().filter(organization::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows.into_iter().map(|o| (o.id, clock.today_in(&o.timezone))).collect())
}

pub(crate) fn new_enrollment(
    course_id: Uuid,
    user_id: Uuid,
    due_on: Option<NaiveDate>,
    assigned_by: Option<Uuid>,
    clock: &Clock,
) -> enrollment::ActiveModel {
    enrollment::ActiveModel {
        id: Set(new_id()),
        course_id: Set(course_id),
        user_id: Set(user_id),
        status: Set(EnrollmentStatus::Active),
        due_on: Set(due_on),
        assigned_by: Set(assigned_by),
        enrolled_at: Set(clock.now()),
        withdrawn_at: Set(None),
        completed_at: Set(None),
        progress_percent: Set(0),
    }
}

/// Writes an enrolment for `user_id`, re-activating a withdrawn one; 409 when one is active.
async fn enroll_one(
    db: &impl ConnectionTrait,
    course_id: Uuid,
    user_id: Uuid,
    due_on: Option<NaiveDate>,
    assigned_by: Option<Uuid>,
    clock: &Clock,
) -> ApiResult<enrollment::Model> {
    let existing = enrollment::Entity::find()
        .filter(enrollment::Column::CourseId.eq(course_id))
        .filter(enrollment::Column::UserId.eq(user_id))
        .one(db)
        .await?;
    match existing {
        Some(found) if found.status != EnrollmentStatus::Withdrawn => Err(already_enrolled()),
        Some(found) => {
            let mut active = found.into_active_model();
            active.status = Set(EnrollmentStatus::Active);
            active.due_on = Set(due_on);
            active.assigned_by = Set(assigned_by);
            active.enrolled_at = Set(clock.now());
            active.withdrawn_at = Set(None);
            Ok(active.update(db).await?)
        }
        None => new_enrollment(course_id, user_id, due_on, assigned_by, clock).insert(db).await.map_err(|e| {
            match ApiError::from(e) {
                ApiError::Conflict { .. } => already_enrolled(),
                other => other,
            }
        }),
    }
}

/// A learner enrols themself into a published course they can see.
pub async fn enroll_self(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
) -> ApiResult<EnrollmentDto> {
    let access = access::course_access(db, actor, course_id).await?;
    match access.relation {
        Relation::Enrolled(_) => return Err(already_enrolled()),
        Relation::Staff => return Err(staff_cannot_enrol()),
        Relation::Visitor => {}
    }
    if let Some(error) = not_open(&access.course) {
        return Err(error);
    }
    if !access::visible_in_catalog(actor, &access.course) {
        return Err(ApiError::not_found());
    }
    let saved = enroll_one(db, course_id, actor.id, None, None, clock).await?;
    let todays = todays(db, clock, actor.organization_id).await?;
    Ok(to_dto(saved, actor.organization_id.and_then(|org| todays.get(&org).copied())))
}

/// The learner, an org admin of the learner's organization, or course staff withdraw an
/// enrolment. The record stays, with `withdrawn_at`; a completed enrolment stays completed.
pub async fn withdraw(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    enrollment_id: Uuid,
) -> ApiResult<EnrollmentDto> {
    let found = enrollment::Entity::find_by_id(enrollment_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let learner = user::Entity::find_by_id(found.user_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let allowed = found.user_id == actor.id || learner.organization_id.is_some_and(|org| actor.administers(org)) || {
        let course = course::Entity::find_by_id(found.course_id).one(db).await?.ok_or_else(ApiError::not_found)?;
        access::is_staff(db, actor, &course).await?
    };
    if !allowed {
        return Err(ApiError::not_found());
    }
    match found.status {
        EnrollmentStatus::Completed => {
            return Err(ApiError::conflict(
                "already_completed",
                Msg::new("Kursus sudah diselesaikan.", "The course is already completed."),
            ));
        }
        EnrollmentStatus::Withdrawn => {}
        EnrollmentStatus::Active => {
            let txn = db.begin().await?;
            let mut active = found.clone().into_active_model();
            active.status = Set(EnrollmentStatus::Withdrawn);
            active.withdrawn_at = Set(Some(clock.now()));
            active.update(&txn).await?;
            release_upcoming_seats(&txn, found.course_id, found.user_id, clock).await?;
            txn.commit().await?;
        }
    }
    let saved = enrollment::Entity::find_by_id(enrollment_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let todays = todays(db, clock, learner.organization_id).await?;
    Ok(to_dto(saved, learner.organization_id.and_then(|org| todays.get(&org).copied())))
}

/// Gives back the seats a withdrawing learner held in sessions that have not started.
async fn release_upcoming_seats(
    db: &impl ConnectionTrait,
    course_id: Uuid,
    user_id: Uuid,
    clock: &Clock,
) -> ApiResult<()> {
    let upcoming: Vec<Uuid> = course_session::Entity::find()
        .filter(course_session::Column::CourseId.eq(course_id))
        .filter(course_session::Column::StartsAt.gt(clock.now()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let held: Vec<Uuid> = session_registration::Entity::find()
        .filter(session_registration::Column::UserId.eq(user_id))
        .filter(session_registration::Column::SessionId.is_in(upcoming))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.session_id)
        .collect();
    if held.is_empty() {
        return Ok(());
    }
    session_registration::Entity::delete_many()
        .filter(session_registration::Column::UserId.eq(user_id))
        .filter(session_registration::Column::SessionId.is_in(held.clone()))
        .exec(db)
        .await?;
    course_session::Entity::update_many()
        .col_expr(course_session::Column::Registered, Expr::col(course_session::Column::Registered).sub(1))
        .filter(course_session::Column::Id.is_in(held))
        .exec(db)
        .await?;
    Ok(())
}

/// The caller's enrolments, newest first, with their courses: two queries per page.
pub async fn mine(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    filter: &EnrollmentFilter,
    page: &PageQuery,
) -> ApiResult<Page<MyEnrollment>> {
    let limit = page.limit()?;
    let mut query = enrollment::Entity::find().filter(enrollment::Column::UserId.eq(actor.id));
    if let Some(status) = filter.status {
        query = query.filter(enrollment::Column::Status.eq(status));
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(enrollment::Column::Id.lt(after));
    }
    let rows =
        query.find_also_related(course::Entity).order_by_desc(enrollment::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |(e, _)| e.id);
    let todays = todays(db, clock, actor.organization_id).await?;
    let today = actor.organization_id.and_then(|org| todays.get(&org).copied());
    let items = rows
        .into_iter()
        .filter_map(|(enrollment, course)| {
            let course = course?;
            Some(MyEnrollment {
                enrollment: to_dto(enrollment, today),
                course_title: course.title,
                course_jp: course.jp,
                course_status: course.status,
            })
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// The learner as staff see them; e-mail and NIP only for people of the caller's organization.
pub fn learner_ref(actor: &AuthUser, person: user::Model) -> LearnerRef {
    let same_organization =
        actor.is_platform_admin() || person.organization_id.is_some_and(|org| actor.belongs_to(org));
    LearnerRef {
        id: person.id,
        name: person.name,
        email: same_organization.then_some(person.email),
        nip: if same_organization { person.nip } else { None },
        organization_id: person.organization_id,
        unit_id: person.unit_id,
    }
}

/// A course's enrolments: all of them for staff; an org admin of another organization sees
/// their own people only. Three queries per page.
pub async fn of_course(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    filter: &EnrollmentFilter,
    page: &PageQuery,
) -> ApiResult<Page<CourseEnrollment>> {
    let access = access::course_access(db, actor, course_id).await?;
    let only_organization = match (&access.relation, actor.has(Role::OrgAdmin), actor.organization_id) {
        (Relation::Staff, _, _) => None,
        (_, true, Some(org)) => Some(org),
        _ => return Err(ApiError::forbidden()),
    };
    let limit = page.limit()?;
    let mut query = enrollment::Entity::find().filter(enrollment::Column::CourseId.eq(course_id));
    if let Some(status) = filter.status {
        query = query.filter(enrollment::Column::Status.eq(status));
    }
    if let Some(org) = only_organization {
        query = query.filter(user::Column::OrganizationId.eq(org));
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(enrollment::Column::Id.gt(after));
    }
    let rows =
        query.find_also_related(user::Entity).order_by_asc(enrollment::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |(e, _)| e.id);
    let todays = todays(db, clock, rows.iter().filter_map(|(_, u)| u.as_ref().and_then(|u| u.organization_id))).await?;
    let items = rows
        .into_iter()
        .filter_map(|(enrollment, person)| {
            let person = person?;
            let today = person.organization_id.and_then(|org| todays.get(&org).copied());
            Some(CourseEnrollment { enrollment: to_dto(enrollment, today), learner: learner_ref(actor, person) })
        })
        .collect();
    Ok(Page { items, next_cursor })
}
