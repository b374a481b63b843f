//! A course's progress for its staff (and org admins, for their own people): status, percent,
//! last activity, due date, overdue. A fixed number of queries per page.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use latih_courses::access::{self, Relation};
use latih_courses::entity::enrollment;
use latih_courses::model::EnrollmentStatus;
use latih_courses::service::enrollments::{learner_ref, to_dto};
use latih_identity::entity::{organization, user};
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Page, Role};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::dto::LearnerProgress;
use crate::entity::lesson_progress;

pub async fn course_progress(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<LearnerProgress>> {
    let access = access::course_access(db, actor, course_id).await?;
    let only_organization = match (&access.relation, actor.has(Role::OrgAdmin), actor.organization_id) {
        (Relation::Staff, _, _) => None,
        (_, true, Some(org)) => Some(org),
        _ => return Err(ApiError::forbidden()),
    };
    let limit = page.limit()?;
    let mut query = enrollment::Entity::find()
        .filter(enrollment::Column::CourseId.eq(course_id))
        .filter(enrollment::Column::Status.ne(EnrollmentStatus::Withdrawn));
    if let Some(org) = only_organization {
        query = query.filter(user::Column::OrganizationId.eq(org));
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(enrollment::Column::Id.gt(after));
    }
    let rows =
        query.find_also_related(user::Entity).order_by_asc(enrollment::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |(e, _)| e.id);
    let user_ids: Vec<Uuid> = rows.iter().map(|(e, _)| e.user_id).collect();
    let activity: HashMap<Uuid, DateTime<Utc>> = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::CourseId.eq(course_id))
        .filter(lesson_progress::Column::UserId.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .fold(HashMap::new(), |mut latest, p| {
            let entry = latest.entry(p.user_id).or_insert(p.updated_at);
            if p.updated_at > *entry {
                *entry = p.updated_at;
            }
            latest
        });
    let org_ids: Vec<Uuid> = rows.iter().filter_map(|(_, u)| u.as_ref().and_then(|u| u.organization_id)).collect();
    let todays: HashMap<Uuid, chrono::NaiveDate> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, clock.today_in(&o.timezone)))
        .collect();
    let items = rows
        .into_iter()
        .filter_map(|(enrollment, person)| {
            let person = person?;
            let today = person.organization_id.and_then(|org| todays.get(&org).copied());
            let last_activity_at = activity.get(&enrollment.user_id).copied();
            let dto = to_dto(enrollment, today);
            Some(LearnerProgress {
                enrollment_id: dto.id,
                learner: learner_ref(actor, person),
                status: dto.status,
                percent: dto.progress_percent,
                last_activity_at,
                due_on: dto.due_on,
                overdue: dto.overdue,
                completed_at: dto.completed_at,
            })
        })
        .collect();
    Ok(Page { items, next_cursor })
}
