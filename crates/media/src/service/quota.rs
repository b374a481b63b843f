//! Storage quotas per person and per organization. What counts is the declared size of every
//! file that is ready or being checked (`processing`), or pending and not yet expired (a
//! declared upload holds its space until it expires); failed, rejected and expired files count
//! for nothing.
//!
//! The check and the insert are one transaction that cannot be raced: the row is written first
//! and the totals read after it, so they include every upload committed before. On SQLite the
//! first write takes the database's write lock, so no other upload commits in between; on
//! PostgreSQL a transaction-scoped advisory lock per organization and per person (always taken
//! in that order) serialises the uploads of the same owners.

use chrono::{DateTime, Utc};
use latih_kernel::{ApiError, ApiResult, Msg};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    EntityTrait, QueryFilter, QuerySelect, Statement, TransactionTrait,
};
use uuid::Uuid;

use crate::entity::media;
use crate::model::{MediaQuota, MediaStatus};

/// The files that hold space at `now`.
fn counted(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(media::Column::Status.is_in([MediaStatus::Ready, MediaStatus::Processing]))
        .add(Condition::all().add(media::Column::Status.eq(MediaStatus::Pending)).add(media::Column::ExpiresAt.gt(now)))
}

/// The bytes held by the files whose `column` is `value`.
async fn used(txn: &DatabaseTransaction, column: media::Column, value: Uuid, now: DateTime<Utc>) -> ApiResult<u64> {
    let total = media::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(size), 0) AS BIGINT)"), "used")
        .filter(column.eq(value))
        .filter(counted(now))
        .into_tuple::<i64>()
        .one(txn)
        .await?
        .unwrap_or(0);
    Ok(u64::try_from(total).unwrap_or(0))
}

/// Holds the quota lock of one owner until the transaction ends (PostgreSQL only).
async fn lock(txn: &DatabaseTransaction, kind: &str, id: Uuid) -> ApiResult<()> {
    let key = format!("latih.media.quota.{kind}.{id}");
    let sql = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
    txn.query_one_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, [key.into()])).await?;
    Ok(())
}

fn exceeded(remaining_bytes: u64) -> ApiError {
    ApiError::QuotaExceeded {
        detail: Msg::new(
            format!("Kuota penyimpanan tidak cukup; sisa {remaining_bytes} bita."),
            format!("Not enough storage quota; {remaining_bytes} bytes are left."),
        ),
        remaining_bytes,
    }
}

/// Inserts the declared upload `row` of `size` bytes if it fits the quotas of its owner and
/// their organization; answers 413 `quota_exceeded` with the bytes left otherwise.
pub async fn insert_within_quota(
    db: &DatabaseConnection,
    quota: &MediaQuota,
    row: media::ActiveModel,
    owner: Uuid,
    organization: Option<Uuid>,
    size: u64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        if let Some(organization) = organization {
            lock(&txn, "organization", organization).await?;
        }
        lock(&txn, "user", owner).await?;
    }
    row.insert(&txn).await?;
    let mut fits = true;
    let owner_used = used(&txn, media::Column::OwnerId, owner, now).await?;
    fits &= owner_used <= quota.user;
    let mut remaining = quota.user.saturating_sub(owner_used.saturating_sub(size));
    if let Some(organization) = organization {
        let organization_used = used(&txn, media::Column::OrganizationId, organization, now).await?;
        fits &= organization_used <= quota.organization;
        remaining = remaining.min(quota.organization.saturating_sub(organization_used.saturating_sub(size)));
    }
    if !fits {
        txn.rollback().await?;
        return Err(exceeded(remaining));
    }
    txn.commit().await?;
    Ok(())
}
