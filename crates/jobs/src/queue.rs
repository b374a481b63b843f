//! The queue's statements: claim due jobs, record how a try went, keep schedules.
//! Every write is guarded by what the writer saw (the lease holder, the due time), so two
//! nodes racing for the same row leave one effect.

use chrono::{DateTime, Utc};
use latih_kernel::Clock;
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::backoff;
use crate::entity::job::{self, JobStatus};
use crate::entity::schedule;
use crate::job::NewJob;
use crate::schedule::Schedule;

/// Longest error text kept on a job; the rest is in the log.
const MAX_ERROR_CHARS: usize = 2_000;

/// Marks up to `limit` due jobs of `kinds` as running under `node`'s lease and returns them.
/// A running job whose lease ran out (its node died) is due again.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    node: &str,
    kinds: &[&str],
    limit: u64,
    lease: chrono::Duration,
) -> Result<Vec<job::Model>, DbErr> {
    if kinds.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let due = Condition::all()
        .add(job::Column::Status.is_in([JobStatus::Queued, JobStatus::Failed]))
        .add(job::Column::RunAt.lte(now));
    let abandoned =
        Condition::all().add(job::Column::Status.eq(JobStatus::Running)).add(job::Column::LockedUntil.lt(now));
    let mut pick = Query::select();
    pick.column(job::Column::Id)
        .from(job::Entity)
        .cond_where(
            Condition::all()
                .add(job::Column::Kind.is_in(kinds.iter().copied()))
                .add(Condition::any().add(due).add(abandoned)),
        )
        .order_by(job::Column::Priority, sea_orm::Order::Desc)
        .order_by(job::Column::RunAt, sea_orm::Order::Asc)
        .order_by(job::Column::Id, sea_orm::Order::Asc)
        .limit(limit);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        pick.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Running.as_str()))
        .col_expr(job::Column::Attempts, Expr::col(job::Column::Attempts).add(1))
        .col_expr(job::Column::LockedBy, Expr::value(node))
        .col_expr(job::Column::LockedUntil, Expr::value(now + lease))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Id.in_subquery(pick))
        .exec_with_returning(db)
        .await
}

/// Only the holder of this try's lease may record its outcome.
fn held_by(claimed: &job::Model) -> Condition {
    Condition::all()
        .add(job::Column::Id.eq(claimed.id))
        .add(job::Column::Status.eq(JobStatus::Running))
        .add(job::Column::Attempts.eq(claimed.attempts))
        .add(job::Column::LockedBy.eq(claimed.locked_by.clone()))
}

/// Records a try that did the work.
pub async fn succeed(db: &impl ConnectionTrait, now: DateTime<Utc>, claimed: &job::Model) -> Result<bool, DbErr> {
    let result = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Done.as_str()))
        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
        .col_expr(job::Column::FinishedAt, Expr::value(now))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(held_by(claimed))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records a failed try: due again after a backoff, or `dead` once its tries are spent.
/// Answers the status the job now has.
pub async fn fail(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    claimed: &job::Model,
    error: &str,
) -> Result<JobStatus, DbErr> {
    let spent = claimed.attempts >= claimed.max_attempts;
    let status = if spent { JobStatus::Dead } else { JobStatus::Failed };
    let run_at = if spent { claimed.run_at } else { now + backoff::delay_after(claimed.attempts) };
    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(status.as_str()))
        .col_expr(job::Column::RunAt, Expr::value(run_at))
        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::LastError, Expr::value(error))
        .col_expr(job::Column::FinishedAt, Expr::value(if spent { Some(now) } else { None }))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(held_by(claimed))
        .exec(db)
        .await?;
    Ok(status)
}

/// Queues a dead job again with fresh tries; `None` when there is no dead job `id`.
pub async fn retry_dead(db: &impl ConnectionTrait, now: DateTime<Utc>, id: Uuid) -> Result<Option<job::Model>, DbErr> {
    let updated = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
        .col_expr(job::Column::Attempts, Expr::value(0))
        .col_expr(job::Column::RunAt, Expr::value(now))
        .col_expr(job::Column::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Status.eq(JobStatus::Dead))
        .exec_with_returning(db)
        .await?;
    Ok(updated.into_iter().next())
}

/// Enqueues each due schedule's job once, cluster-wide: the node whose conditional update
/// moves the schedule's due time on is the one that enqueues, in the same transaction.
/// Answers how many jobs this call enqueued.
pub async fn tick_schedules(db: &DatabaseConnection, clock: &Clock, schedules: &[Schedule]) -> Result<usize, DbErr> {
    let mut enqueued = 0;
    for schedule in schedules {
        let now = clock.now();
        let first = schedule::ActiveModel {
            name: Set(schedule.name.clone()),
            next_run_at: Set(schedule.first_run(now)),
            last_run_at: Set(None),
        };
        schedule::Entity::insert(first)
            .on_conflict(OnConflict::column(schedule::Column::Name).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
        let Some(row) = schedule::Entity::find_by_id(schedule.name.clone()).one(db).await? else {
            continue;
        };
        if row.next_run_at > now {
            continue;
        }
        let txn = db.begin().await?;
        let moved = schedule::Entity::update_many()
            .col_expr(schedule::Column::NextRunAt, Expr::value(schedule.every.next_after(now)))
            .col_expr(schedule::Column::LastRunAt, Expr::value(now))
            .filter(schedule::Column::Name.eq(schedule.name.clone()))
            .filter(schedule::Column::NextRunAt.eq(row.next_run_at))
            .exec(&txn)
            .await?;
        if moved.rows_affected == 1 {
            let due = row.next_run_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let row = NewJob {
                kind: schedule.kind,
                payload: schedule.payload.clone(),
                priority: schedule.priority,
                max_attempts: schedule.max_attempts,
                run_at: now,
                dedup_key: Some(format!("schedule:{}:{due}", schedule.name)),
                organization_id: None,
            };
            row.insert(&txn, now).await?;
            enqueued += 1;
        }
        txn.commit().await?;
    }
    Ok(enqueued)
}

/// Removes finished jobs older than `before`; dead ones stay for an operator.
pub async fn prune_done(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = job::Entity::delete_many()
        .filter(job::Column::Status.eq(JobStatus::Done))
        .filter(job::Column::FinishedAt.lt(before))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// How many jobs wait or run, by kind and status (`queued`, `running`, `failed`, `dead`), for
/// the queue-depth gauge.
pub async fn depth(db: &impl ConnectionTrait) -> Result<Vec<(String, JobStatus, i64)>, DbErr> {
    use sea_orm::QuerySelect;
    job::Entity::find()
        .select_only()
        .column(job::Column::Kind)
        .column(job::Column::Status)
        .column_as(job::Column::Id.count(), "count")
        .filter(job::Column::Status.ne(JobStatus::Done))
        .group_by(job::Column::Kind)
        .group_by(job::Column::Status)
        .into_tuple::<(String, JobStatus, i64)>()
        .all(db)
        .await
}
