//! Assignment: an org admin enrols people of their organization, with a deadline, all or none
//! in one transaction; course staff are never assigned to their own course. Each person assigned
//! gets an `enrollment.assigned` event and a notice in that transaction.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use latih_identity::entity::user;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use uuid::Uuid;

use crate::access;
use crate::dto::EnrollmentDto;
use crate::entity::{course, course_staff, enrollment};
use crate::events::EnrollmentAssigned;
use crate::model::{CourseStatus, EnrollmentStatus, Visibility};
use crate::service::enrollments::{already_enrolled, new_enrollment, not_open, to_dto, todays};
use crate::service::notices;

pub const MAX_ASSIGNED: usize = 1000;

/// An org admin assigns people of their organization, all or none in one transaction.
pub async fn assign(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    user_ids: &[Uuid],
    due_on: Option<NaiveDate>,
) -> ApiResult<Vec<EnrollmentDto>> {
    actor.require_any(&[Role::OrgAdmin, Role::PlatformAdmin])?;
    let course = course::Entity::find_by_id(course_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let sees_course = actor.administers(course.organization_id)
        || (course.status != CourseStatus::Draft
            && (course.visibility == Visibility::Public || actor.belongs_to(course.organization_id)));
    if !sees_course {
        return Err(ApiError::not_found());
    }
    if let Some(error) = not_open(&course) {
        return Err(error);
    }
    let mut errors = FieldErrors::new();
    let mut unique = HashSet::new();
    if user_ids.is_empty() || user_ids.len() > MAX_ASSIGNED {
        errors.add("user_ids", "out_of_range", Msg::new("1 sampai 1000 orang.", "1 to 1000 people."));
    }
    let people = user::Entity::find().filter(user::Column::Id.is_in(user_ids.to_vec())).all(db).await?;
    let people: HashMap<Uuid, user::Model> = people.into_iter().map(|p| (p.id, p)).collect();
    let todays = todays(db, clock, people.values().filter_map(|p| p.organization_id)).await?;
    for (index, user_id) in user_ids.iter().enumerate() {
        let field = format!("user_ids[{index}]");
        let person = people.get(user_id).filter(|p| p.organization_id.is_some_and(|org| actor.administers(org)));
        let Some(person) = person else {
            errors.add(
                field,
                "not_found",
                Msg::new("Orang ini tidak ada di organisasi Anda.", "This person is not in your organization."),
            );
            continue;
        };
        if !unique.insert(*user_id) {
            errors.add(field, "duplicate", Msg::new("Disebut dua kali.", "Listed twice."));
            continue;
        }
        let sees = course.visibility == Visibility::Public || person.organization_id == Some(course.organization_id);
        if !sees {
            errors.add(
                field,
                "course_not_visible",
                Msg::new("Kursus ini tidak terbuka untuk orang ini.", "The course is not open to this person."),
            );
        }
        let today = person.organization_id.and_then(|org| todays.get(&org).copied());
        let past = matches!((due_on, today), (Some(due), Some(today)) if due < today);
        if past && !errors.0.iter().any(|e| e.field == "due_on") {
            errors.add(
                "due_on",
                "in_the_past",
                Msg::new("Tenggat tidak boleh lewat.", "The due date cannot be in the past."),
            );
        }
    }
    errors.finish()?;
    let existing = enrollment::Entity::find()
        .filter(enrollment::Column::CourseId.eq(course.id))
        .filter(enrollment::Column::UserId.is_in(user_ids.to_vec()))
        .all(db)
        .await?;
    let listed: HashSet<Uuid> = course_staff::Entity::find()
        .filter(course_staff::Column::CourseId.eq(course.id))
        .filter(course_staff::Column::UserId.is_in(user_ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect();
    let mut staff = FieldErrors::new();
    for (index, user_id) in user_ids.iter().enumerate() {
        let is_staff = people
            .get(user_id)
            .is_some_and(|person| access::holds_staff_rights(&course, person, listed.contains(user_id)));
        if is_staff {
            staff.add(
                format!("user_ids[{index}]"),
                "course_staff",
                Msg::new("Staf kursus ini.", "Staff of this course."),
            );
        }
    }
    if !staff.is_empty() {
        return Err(ApiError::Conflict {
            code: "course_staff",
            detail: Msg::new(
                "Staf kursus tidak dapat didaftarkan di kursusnya sendiri; tidak ada yang disimpan.",
                "Course staff cannot be enrolled in their own course; nothing was saved.",
            ),
            errors: staff,
        });
    }
    let mut conflicts = FieldErrors::new();
    for (index, user_id) in user_ids.iter().enumerate() {
        if existing.iter().any(|e| e.user_id == *user_id && e.status != EnrollmentStatus::Withdrawn) {
            conflicts.add(
                format!("user_ids[{index}]"),
                "already_enrolled",
                Msg::new("Sudah terdaftar.", "Already enrolled."),
            );
        }
    }
    if !conflicts.is_empty() {
        return Err(ApiError::Conflict {
            code: "already_enrolled",
            detail: Msg::new(
                "Sebagian orang sudah terdaftar; tidak ada yang disimpan.",
                "Some people are already enrolled; nothing was saved.",
            ),
            errors: conflicts,
        });
    }
    let withdrawn: Vec<Uuid> = existing.iter().map(|e| e.id).collect();
    let fresh: Vec<Uuid> = user_ids.iter().copied().filter(|u| !existing.iter().any(|e| e.user_id == *u)).collect();
    let now = clock.now();
    let txn = db.begin().await?;
    if !withdrawn.is_empty() {
        enrollment::Entity::update_many()
            .col_expr(enrollment::Column::Status, Expr::value(EnrollmentStatus::Active.as_str()))
            .col_expr(enrollment::Column::DueOn, Expr::value(due_on))
            .col_expr(enrollment::Column::AssignedBy, Expr::value(actor.id))
            .col_expr(enrollment::Column::EnrolledAt, Expr::value(now))
            .col_expr(enrollment::Column::WithdrawnAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .filter(enrollment::Column::Id.is_in(withdrawn.clone()))
            .filter(enrollment::Column::Status.eq(EnrollmentStatus::Withdrawn))
            .exec(&txn)
            .await?;
    }
    if !fresh.is_empty() {
        let rows = fresh.iter().map(|user_id| new_enrollment(course.id, *user_id, due_on, Some(actor.id), clock));
        // A learner enrolling themself at this very moment makes the insert fail: one answer, 409.
        if let Err(error) = enrollment::Entity::insert_many(rows).exec(&txn).await {
            txn.rollback().await?;
            return Err(match ApiError::from(error) {
                ApiError::Conflict { .. } => already_enrolled(),
                other => other,
            });
        }
    }
    let saved = enrollment::Entity::find()
        .filter(enrollment::Column::CourseId.eq(course.id))
        .filter(enrollment::Column::UserId.is_in(user_ids.to_vec()))
        .order_by_asc(enrollment::Column::Id)
        .all(&txn)
        .await?;
    for m in &saved {
        let event = EnrollmentAssigned {
            enrollment_id: m.id,
            course_id: course.id,
            course_title: course.title.clone(),
            user_id: m.user_id,
            due_on: m.due_on,
            assigned_by: actor.id,
            organization_id: people.get(&m.user_id).and_then(|p| p.organization_id),
        };
        notices::assigned(&txn, clock, &event).await?;
    }
    txn.commit().await?;
    Ok(saved
        .into_iter()
        .map(|m| {
            let today =
                people.get(&m.user_id).and_then(|p| p.organization_id).and_then(|org| todays.get(&org).copied());
            to_dto(m, today)
        })
        .collect())
}
