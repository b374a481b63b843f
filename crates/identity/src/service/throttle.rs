//! Failed-login throttling per account and per client address, stored in the database so
//! every API node counts the same failures.

use chrono::{DateTime, Utc};
use latih_kernel::{ApiError, ApiResult};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set, TransactionTrait,
};

use crate::entity::login_throttle;
use crate::settings::IdentitySettings;

/// The keys one login attempt is counted under.
pub struct ThrottleKeys {
    pub account: String,
    pub address: String,
}

impl ThrottleKeys {
    pub fn new(login: &str, address: &str) -> Self {
        Self { account: format!("acct:{login}"), address: format!("addr:{address}") }
    }
}

/// 429 while either key is locked.
pub async fn check(db: &impl ConnectionTrait, keys: &ThrottleKeys, now: DateTime<Utc>) -> ApiResult<()> {
    for key in [&keys.account, &keys.address] {
        let row = login_throttle::Entity::find_by_id(key.clone()).one(db).await?;
        if let Some(until) = row.and_then(|r| r.locked_until).filter(|until| *until > now) {
            let retry_after_secs = u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1);
            return Err(ApiError::RateLimited { retry_after_secs });
        }
    }
    Ok(())
}

/// Counts a failure under both keys, locking a key that reached its limit.
pub async fn record_failure(
    db: &DatabaseConnection,
    keys: &ThrottleKeys,
    settings: &IdentitySettings,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let txn = db.begin().await?;
    for (key, limit) in
        [(&keys.account, settings.max_failures_per_account), (&keys.address, settings.max_failures_per_address)]
    {
        let existing = login_throttle::Entity::find_by_id(key.clone()).one(&txn).await?;
        match existing {
            None => {
                login_throttle::ActiveModel {
                    key: Set(key.clone()),
                    failures: Set(1),
                    window_started_at: Set(now),
                    locked_until: Set((limit <= 1).then(|| now + settings.lockout)),
                }
                .insert(&txn)
                .await?;
            }
            Some(row) => {
                let window_over = row.window_started_at + settings.failure_window <= now;
                let lock_over = row.locked_until.is_some_and(|until| until <= now);
                let (failures, started) =
                    if window_over || lock_over { (1, now) } else { (row.failures + 1, row.window_started_at) };
                let mut active = row.into_active_model();
                active.failures = Set(failures);
                active.window_started_at = Set(started);
                active.locked_until = Set((failures >= limit).then(|| now + settings.lockout));
                active.update(&txn).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// A successful login forgets the account's failures (not the address's).
pub async fn clear_account(db: &impl ConnectionTrait, keys: &ThrottleKeys) -> ApiResult<()> {
    login_throttle::Entity::delete_by_id(keys.account.clone()).exec(db).await?;
    Ok(())
}
