//! Due-date reminders: 7 days and 1 day before an assigned course's deadline, and the day after
//! it, each in the learner's organization's time zone, for enrolments still active (neither
//! completed nor withdrawn). Each reminder is an event and a notice, and happens once: a row in
//! `enrollment_reminders` is claimed in the same transaction, so a second run, or a second node
//! running at the same moment, finds it taken and sends nothing.
//!
//! The selection is set-based: one statement per reminder and batch, however many enrolments,
//! and enrolments already reminded are left out by the statement itself, so a run with nothing
//! new to say costs three statements plus one for the time zones.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use latih_identity::entity::{organization, user};
use latih_kernel::Clock;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef, RelationTrait, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::entity::{course, enrollment, enrollment_reminder};
use crate::events::{EnrollmentDueSoon, EnrollmentOverdue};
use crate::model::EnrollmentStatus;
use crate::service::notices;

/// Enrolments handled per statement and transaction.
const BATCH: u64 = 500;

/// One of the three reminders of a deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reminder {
    SevenDays,
    OneDay,
    Overdue,
}

impl Reminder {
    const ALL: [Reminder; 3] = [Self::SevenDays, Self::OneDay, Self::Overdue];

    /// The stored name, part of the row that makes it happen once.
    fn key(self) -> &'static str {
        match self {
            Self::SevenDays => "due_soon_7d",
            Self::OneDay => "due_soon_1d",
            Self::Overdue => "overdue",
        }
    }

    /// The deadline this reminder is about, on `today`.
    fn due_on(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::SevenDays => today.checked_add_days(Days::new(7)),
            Self::OneDay => today.checked_add_days(Days::new(1)),
            Self::Overdue => today.checked_sub_days(Days::new(1)),
        }
    }
}

/// An enrolment a reminder is due for, with what its notice says.
#[derive(Debug, FromQueryResult)]
struct Due {
    id: Uuid,
    user_id: Uuid,
    course_id: Uuid,
    due_on: NaiveDate,
    title: String,
    organization_id: Uuid,
}

/// Sends every reminder due now; answers how many were sent. Safe to run any number of times.
#[tracing::instrument(skip_all)]
pub async fn send_due(db: &DatabaseConnection, clock: &Clock) -> Result<usize, DbErr> {
    let zones: Vec<String> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Timezone)
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    // Time zones that share today's date share each reminder's deadline.
    let mut by_day: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for zone in zones {
        by_day.entry(clock.today_in(&zone)).or_default().push(zone);
    }
    let mut sent = 0;
    for reminder in Reminder::ALL {
        let mut after: Option<Uuid> = None;
        loop {
            let batch = due_batch(db, reminder, &by_day, after).await?;
            let Some(last) = batch.last() else { break };
            after = Some(last.id);
            let txn = db.begin().await?;
            for due in &batch {
                if claim(&txn, clock, reminder, due).await? {
                    remind(&txn, clock, reminder, due).await?;
                    sent += 1;
                }
            }
            txn.commit().await?;
            if u64::try_from(batch.len()).unwrap_or(u64::MAX) < BATCH {
                break;
            }
        }
    }
    if sent > 0 {
        tracing::info!(sent, "due-date reminders sent");
    }
    Ok(sent)
}

/// Users belong to organizations; the entity has no relation for it, so the join is named here.
fn user_organization() -> RelationDef {
    user::Entity::belongs_to(organization::Entity)
        .from(user::Column::OrganizationId)
        .to(organization::Column::Id)
        .into()
}

/// The next enrolments (by id, after `after`) whose deadline makes `reminder` due today in
/// their organization's zone and that have not had it.
async fn due_batch(
    db: &DatabaseConnection,
    reminder: Reminder,
    by_day: &BTreeMap<NaiveDate, Vec<String>>,
    after: Option<Uuid>,
) -> Result<Vec<Due>, DbErr> {
    let mut deadlines = Condition::any();
    for (today, zones) in by_day {
        let Some(due_on) = reminder.due_on(*today) else { continue };
        deadlines = deadlines.add(
            Condition::all()
                .add(organization::Column::Timezone.is_in(zones.iter().cloned()))
                .add(enrollment::Column::DueOn.eq(due_on)),
        );
    }
    if deadlines.is_empty() {
        return Ok(Vec::new());
    }
    let reminded = Query::select()
        .expr(Expr::value(1))
        .from(enrollment_reminder::Entity)
        .and_where(
            Expr::col((enrollment_reminder::Entity, enrollment_reminder::Column::EnrollmentId))
                .equals((enrollment::Entity, enrollment::Column::Id)),
        )
        .and_where(enrollment_reminder::Column::Reminder.eq(reminder.key()))
        .to_owned();
    let mut query = enrollment::Entity::find()
        .select_only()
        .column(enrollment::Column::Id)
        .column(enrollment::Column::UserId)
        .column(enrollment::Column::CourseId)
        .column(enrollment::Column::DueOn)
        .column_as(course::Column::Title, "title")
        .column_as(organization::Column::Id, "organization_id")
        .join(JoinType::InnerJoin, enrollment::Relation::Course.def())
        .join(JoinType::InnerJoin, enrollment::Relation::User.def())
        .join(JoinType::InnerJoin, user_organization())
        .filter(enrollment::Column::Status.eq(EnrollmentStatus::Active))
        .filter(enrollment::Column::CompletedAt.is_null())
        .filter(enrollment::Column::AssignedBy.is_not_null())
        .filter(deadlines)
        .filter(Expr::exists(reminded).not());
    if let Some(after) = after {
        query = query.filter(enrollment::Column::Id.gt(after));
    }
    query.order_by_asc(enrollment::Column::Id).limit(BATCH).into_model::<Due>().all(db).await
}

/// Takes `reminder` for this enrolment; false when another run took it first.
async fn claim(
    txn: &impl sea_orm::ConnectionTrait,
    clock: &Clock,
    reminder: Reminder,
    due: &Due,
) -> Result<bool, DbErr> {
    let row = enrollment_reminder::ActiveModel {
        enrollment_id: Set(due.id),
        reminder: Set(reminder.key().to_owned()),
        due_on: Set(due.due_on),
        sent_at: Set(clock.now()),
    };
    let inserted = enrollment_reminder::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([enrollment_reminder::Column::EnrollmentId, enrollment_reminder::Column::Reminder])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(inserted == 1)
}

async fn remind(
    txn: &impl sea_orm::ConnectionTrait,
    clock: &Clock,
    reminder: Reminder,
    due: &Due,
) -> Result<(), DbErr> {
    let days_left = match reminder {
        Reminder::SevenDays => 7,
        Reminder::OneDay => 1,
        Reminder::Overdue => {
            let event = EnrollmentOverdue {
                enrollment_id: due.id,
                course_id: due.course_id,
                course_title: due.title.clone(),
                user_id: due.user_id,
                due_on: due.due_on,
                organization_id: Some(due.organization_id),
            };
            return notices::overdue(txn, clock, &event).await;
        }
    };
    let event = EnrollmentDueSoon {
        enrollment_id: due.id,
        course_id: due.course_id,
        course_title: due.title.clone(),
        user_id: due.user_id,
        due_on: due.due_on,
        days_left,
        organization_id: Some(due.organization_id),
    };
    notices::due_soon(txn, clock, &event).await
}
