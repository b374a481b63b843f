//! Supervisor follow-ups (Kirkpatrick level 3): `follow_up_days` after a learner completes a
//! course with behaviour items, their current supervisor is asked how the learner now works.
//! Due follow-ups are found by a query at read time (five statements, whatever the team size);
//! nothing waits in memory. The follow-up's id is the completed enrolment's. The supervisor is
//! told once when one falls due (`follow_up_notices`).

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use latih_courses::entity::{course, enrollment};
use latih_courses::model::EnrollmentStatus;
use latih_identity::entity::user;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::PageQuery;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::dto::{CourseRef, EvaluationReceipt, EvaluationResponse, FollowUpDto, PersonRef};
use crate::entity::{course_evaluation, follow_up_response};
use crate::service::evaluation::{behaviour_items_of, check_answers};

/// The day a follow-up falls due (a UTC date, as `mine` and `respond` read it).
pub(crate) fn due_on(completed: chrono::DateTime<chrono::Utc>, days: i32) -> NaiveDate {
    (completed + Duration::days(i64::from(days))).date_naive()
}

/// Follow-ups due to the caller for their staff, oldest due first (then by id), answered ones
/// included, one page at a time. The due date depends on each course's form, so the page is cut
/// after the due ones are found; it costs the same five statements whatever the page.
pub async fn mine(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    page: &PageQuery,
) -> ApiResult<Page<FollowUpDto>> {
    let limit = page.limit()?;
    let after = page.after::<(NaiveDate, Uuid)>()?;
    let due = due_to(db, clock, actor).await?;
    let rest = due.into_iter().filter(|f| after.is_none_or(|key| (f.due_on, f.id) > key)).take(page_rows(limit));
    Ok(Page::from_rows(rest.collect(), limit, |f| (f.due_on, f.id), |f| f))
}

/// `limit + 1`, the rows `Page::from_rows` needs to tell whether another page follows.
fn page_rows(limit: u64) -> usize {
    usize::try_from(limit).map_or(usize::MAX, |l| l.saturating_add(1))
}

/// Every follow-up due to the caller, in page order.
async fn due_to(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser) -> ApiResult<Vec<FollowUpDto>> {
    let staff: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::SupervisorId.eq(actor.id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    if staff.is_empty() {
        return Ok(Vec::new());
    }
    let completed = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.is_in(staff.keys().copied()))
        .filter(enrollment::Column::Status.eq(EnrollmentStatus::Completed))
        .order_by_asc(enrollment::Column::CompletedAt)
        .all(db)
        .await?;
    let course_ids: HashSet<Uuid> = completed.iter().map(|e| e.course_id).collect();
    let forms: HashMap<Uuid, course_evaluation::Model> = course_evaluation::Entity::find()
        .filter(course_evaluation::Column::CourseId.is_in(course_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.course_id, f))
        .collect();
    let titles: HashMap<Uuid, String> = course::Entity::find()
        .filter(course::Column::Id.is_in(forms.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let answered: HashSet<Uuid> = follow_up_response::Entity::find()
        .filter(follow_up_response::Column::EnrollmentId.is_in(completed.iter().map(|e| e.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.enrollment_id)
        .collect();
    let today = clock.now().date_naive();
    let mut due = Vec::new();
    for e in completed {
        let (Some(form), Some(done), Some(learner)) = (forms.get(&e.course_id), e.completed_at, staff.get(&e.user_id))
        else {
            continue;
        };
        let items = behaviour_items_of(form)?;
        let on = due_on(done, form.follow_up_days);
        if items.is_empty() || on > today {
            continue;
        }
        due.push(FollowUpDto {
            id: e.id,
            learner: PersonRef { id: learner.id, name: learner.name.clone() },
            course: CourseRef { id: e.course_id, title: titles.get(&e.course_id).cloned().unwrap_or_default() },
            due_on: on,
            status: if answered.contains(&e.id) { "answered" } else { "due" }.to_owned(),
            items,
        });
    }
    due.sort_by_key(|f| (f.due_on, f.id));
    Ok(due)
}

/// The supervisor's one answer. Only the learner's current supervisor, once it is due.
pub async fn respond(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    follow_up_id: Uuid,
    input: EvaluationResponse,
) -> ApiResult<EvaluationReceipt> {
    let completed = enrollment::Entity::find_by_id(follow_up_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let learner = user::Entity::find_by_id(completed.user_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if learner.supervisor_id != Some(actor.id) {
        return Err(ApiError::not_found());
    }
    let form = course_evaluation::Entity::find_by_id(completed.course_id).one(db).await?;
    let (Some(form), Some(done)) = (form, completed.completed_at) else {
        return Err(ApiError::not_found());
    };
    let items = behaviour_items_of(&form)?;
    if items.is_empty() || due_on(done, form.follow_up_days) > clock.now().date_naive() {
        return Err(ApiError::NotFound(Msg::new(
            "Tindak lanjut ini belum jatuh tempo.",
            "This follow-up is not due yet.",
        )));
    }
    let mut errors = FieldErrors::new();
    check_answers(&items, &input.answers, &mut errors);
    errors.finish()?;
    let answered = || {
        ApiError::conflict(
            "already_answered",
            Msg::new("Tindak lanjut ini sudah dijawab.", "This follow-up was already answered."),
        )
    };
    let saved = follow_up_response::ActiveModel {
        id: Set(new_id()),
        enrollment_id: Set(completed.id),
        course_id: Set(completed.course_id),
        learner_id: Set(learner.id),
        supervisor_id: Set(actor.id),
        answers: Set(serde_json::to_string(&input.answers).map_err(ApiError::internal)?),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await
    .map_err(|e| match ApiError::from(e) {
        ApiError::Conflict { .. } => answered(),
        other => other,
    })?;
    Ok(EvaluationReceipt { course_id: saved.course_id, created_at: saved.created_at })
}
