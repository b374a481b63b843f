//! Telling supervisors that a behaviour follow-up fell due: an hourly job finds, in one
//! statement per batch, the unanswered follow-ups that fell due today (or in the last few days,
//! should the job not have run) and whose supervisor has not been told; claiming a row in
//! `follow_up_notices` in the same transaction as the event and the notice makes it happen
//! once, however many runs or nodes.

use chrono::{DateTime, Days, NaiveDate, Utc};
use latih_courses::entity::{course, enrollment};
use latih_courses::model::EnrollmentStatus;
use latih_identity::entity::user;
use latih_kernel::{Clock, Msg};
use latih_notify::{Notice, NoticeKind};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationDef, RelationTrait, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::entity::{course_evaluation, follow_up_notice, follow_up_response};
use crate::events::FollowUpDue;
use crate::service::follow_ups::due_on;

/// Follow-ups handled per statement and transaction.
const BATCH: u64 = 500;
/// How far back a follow-up that fell due while no job ran is still announced; older ones are
/// in the supervisor's list but not worth a fresh notice (nor a flood on the first run).
const GRACE_DAYS: u64 = 7;

#[derive(Debug, FromQueryResult)]
struct Due {
    id: Uuid,
    user_id: Uuid,
    course_id: Uuid,
    completed_at: DateTime<Utc>,
    title: String,
    follow_up_days: i32,
    behaviour_items: String,
    supervisor_id: Uuid,
    organization_id: Option<Uuid>,
}

/// Tells every supervisor of the follow-ups that fell due; answers how many were told.
#[tracing::instrument(skip_all)]
pub async fn send_due(db: &DatabaseConnection, clock: &Clock) -> Result<usize, DbErr> {
    let today = clock.now().date_naive();
    let Some(oldest) = today.checked_sub_days(Days::new(GRACE_DAYS)) else { return Ok(0) };
    let mut sent = 0;
    let mut after: Option<Uuid> = None;
    loop {
        let batch = due_batch(db, oldest, today, after).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        let txn = db.begin().await?;
        for due in &batch {
            let on = due_on(due.completed_at, due.follow_up_days);
            let asks =
                serde_json::from_str::<Vec<serde_json::Value>>(&due.behaviour_items).is_ok_and(|i| !i.is_empty());
            if asks && (oldest..=today).contains(&on) && claim(&txn, clock, due, on).await? {
                tell(&txn, clock, due, on).await?;
                sent += 1;
            }
        }
        txn.commit().await?;
        if u64::try_from(batch.len()).unwrap_or(u64::MAX) < BATCH {
            break;
        }
    }
    if sent > 0 {
        tracing::info!(sent, "follow-ups announced to supervisors");
    }
    Ok(sent)
}

/// The UTC date a follow-up falls due, computed by the database.
fn due_date(backend: DatabaseBackend) -> SimpleExpr {
    match backend {
        DatabaseBackend::Postgres => Expr::cust(
            r#"(CAST(("enrollments"."completed_at" AT TIME ZONE 'UTC') AS date) + "course_evaluations"."follow_up_days")"#,
        ),
        _ => {
            Expr::cust(r#"date("enrollments"."completed_at", '+' || "course_evaluations"."follow_up_days" || ' days')"#)
        }
    }
}

fn evaluation_of_course() -> RelationDef {
    enrollment::Entity::belongs_to(course_evaluation::Entity)
        .from(enrollment::Column::CourseId)
        .to(course_evaluation::Column::CourseId)
        .into()
}

async fn due_batch(
    db: &DatabaseConnection,
    oldest: NaiveDate,
    today: NaiveDate,
    after: Option<Uuid>,
) -> Result<Vec<Due>, DbErr> {
    let answered = Query::select()
        .expr(Expr::value(1))
        .from(follow_up_response::Entity)
        .and_where(
            Expr::col((follow_up_response::Entity, follow_up_response::Column::EnrollmentId))
                .equals((enrollment::Entity, enrollment::Column::Id)),
        )
        .to_owned();
    let told = Query::select()
        .expr(Expr::value(1))
        .from(follow_up_notice::Entity)
        .and_where(
            Expr::col((follow_up_notice::Entity, follow_up_notice::Column::EnrollmentId))
                .equals((enrollment::Entity, enrollment::Column::Id)),
        )
        .to_owned();
    let due = due_date(db.get_database_backend());
    let mut query = enrollment::Entity::find()
        .select_only()
        .column(enrollment::Column::Id)
        .column(enrollment::Column::UserId)
        .column(enrollment::Column::CourseId)
        .column(enrollment::Column::CompletedAt)
        .column_as(course::Column::Title, "title")
        .column(course_evaluation::Column::FollowUpDays)
        .column(course_evaluation::Column::BehaviourItems)
        .column(user::Column::SupervisorId)
        .column(user::Column::OrganizationId)
        .join(JoinType::InnerJoin, enrollment::Relation::Course.def())
        .join(JoinType::InnerJoin, enrollment::Relation::User.def())
        .join(JoinType::InnerJoin, evaluation_of_course())
        .filter(enrollment::Column::Status.eq(EnrollmentStatus::Completed))
        .filter(enrollment::Column::CompletedAt.is_not_null())
        .filter(user::Column::SupervisorId.is_not_null())
        .filter(course_evaluation::Column::BehaviourItems.ne("[]"))
        .filter(due.clone().gte(oldest))
        .filter(due.lte(today))
        .filter(Expr::exists(answered).not())
        .filter(Expr::exists(told).not());
    if let Some(after) = after {
        query = query.filter(enrollment::Column::Id.gt(after));
    }
    query.order_by_asc(enrollment::Column::Id).limit(BATCH).into_model::<Due>().all(db).await
}

/// Takes the follow-up's notice; false when another run took it first.
async fn claim(txn: &impl ConnectionTrait, clock: &Clock, due: &Due, on: NaiveDate) -> Result<bool, DbErr> {
    let row = follow_up_notice::ActiveModel {
        enrollment_id: Set(due.id),
        supervisor_id: Set(due.supervisor_id),
        due_on: Set(on),
        sent_at: Set(clock.now()),
    };
    let inserted = follow_up_notice::Entity::insert(row)
        .on_conflict(OnConflict::column(follow_up_notice::Column::EnrollmentId).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    Ok(inserted == 1)
}

async fn tell(txn: &impl ConnectionTrait, clock: &Clock, due: &Due, on: NaiveDate) -> Result<(), DbErr> {
    let event = FollowUpDue {
        follow_up_id: due.id,
        course_id: due.course_id,
        course_title: due.title.clone(),
        learner_id: due.user_id,
        supervisor_id: due.supervisor_id,
        due_on: on,
        organization_id: due.organization_id,
    };
    latih_jobs::publish(txn, clock, &event).await?;
    let title = &due.title;
    let notice = Notice {
        kind: NoticeKind::FollowUpDue,
        organization_id: due.organization_id,
        key: format!("follow_up:{}:due", due.id),
        title: Msg::new(format!("Tindak lanjut jatuh tempo: {title}"), format!("Follow-up due: {title}")),
        body: Msg::new(
            format!("Mohon nilai penerapan hasil pelatihan \"{title}\" oleh pegawai Anda."),
            format!("Please assess how your staff member applies what \"{title}\" taught."),
        ),
        link: Some("/me/follow-ups".to_owned()),
        actor_id: None,
    };
    latih_notify::send(txn, clock, &[due.supervisor_id], &notice).await
}
