//! Throttling of password and token guesses, stored in the database so every API node counts
//! the same attempts.
//!
//! An attempt is counted *before* the password is checked, by one conditional upsert per key
//! that only succeeds while the key is not locked: forty concurrent guesses admit at most the
//! limit, the rest answer 429. A success gives the reservation back. Keys, per scope (sign-in,
//! password change, refresh):
//! - `pair`: one account from one address, locked after a few failures. The attacker's pair
//!   locks; the owner elsewhere signs in.
//! - `addr`: one address against any account, locked after many failures (spraying).
//! - `acct`: one account from every address; past its threshold it is slowed to one attempt per
//!   `account_delay`, never locked, so nobody can lock an owner out from elsewhere.

use chrono::{DateTime, Duration, Utc};
use latih_kernel::{ApiError, ApiResult};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use sha2::{Digest, Sha256};

use crate::entity::login_throttle::{self, Column};
use crate::settings::IdentitySettings;

/// What is being guessed.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    SignIn,
    PasswordChange,
    Refresh,
}

impl Scope {
    fn prefix(self) -> &'static str {
        match self {
            Scope::SignIn => "login",
            Scope::PasswordChange => "password",
            Scope::Refresh => "refresh",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Pair,
    Address,
    Account,
}

/// The keys one attempt is counted under.
#[derive(Debug)]
pub struct Attempt {
    keys: Vec<(String, Kind)>,
}

/// Long or odd accounts (anything typed into a login box) are stored as a digest.
fn account_key(account: &str) -> String {
    if account.len() <= 200 && !account.contains('|') {
        account.to_owned()
    } else {
        let digest = Sha256::digest(account.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl Attempt {
    /// An attempt on `account` (when known) from `address`.
    pub fn new(scope: Scope, account: Option<&str>, address: &str) -> Self {
        let prefix = scope.prefix();
        let mut keys = Vec::with_capacity(3);
        let account = account.map(account_key);
        if let Some(account) = &account {
            keys.push((format!("{prefix}:pair:{account}|{address}"), Kind::Pair));
        }
        keys.push((format!("{prefix}:addr:{address}"), Kind::Address));
        if let Some(account) = &account {
            keys.push((format!("{prefix}:acct:{account}"), Kind::Account));
        }
        Self { keys }
    }
}

/// How a key counts: its limit and what happens at it.
fn rule(kind: Kind, settings: &IdentitySettings) -> (i32, Duration) {
    match kind {
        Kind::Pair => (settings.max_failures_per_account_address, settings.lockout),
        Kind::Address => (settings.max_failures_per_address, settings.lockout),
        Kind::Account => (settings.account_slowdown_after, settings.account_delay),
    }
}

fn col(column: Column) -> Expr {
    Expr::col((login_throttle::Entity, column))
}

/// Counts one attempt under `key` unless the key is locked; false when it is.
async fn count(
    db: &impl ConnectionTrait,
    key: &str,
    kind: Kind,
    settings: &IdentitySettings,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let (limit, lock) = rule(kind, settings);
    let floor = now - settings.failure_window;
    let locked_until = Some(now + lock);
    let none = Option::<DateTime<Utc>>::None;
    let lock_over = Cond::all().add(col(Column::LockedUntil).is_not_null()).add(col(Column::LockedUntil).lte(now));
    // A hard lock that ran out starts a new count; a slowed account keeps counting.
    let reset = match kind {
        Kind::Account => Cond::any().add(col(Column::WindowStartedAt).lte(floor)),
        Kind::Pair | Kind::Address => Cond::any().add(col(Column::WindowStartedAt).lte(floor)).add(lock_over),
    };
    let first_lock = if limit <= 1 { locked_until } else { none };
    let failures = Expr::case(reset.clone(), Expr::val(1)).finally(col(Column::Failures).add(1));
    let window = Expr::case(reset.clone(), Expr::val(now)).finally(col(Column::WindowStartedAt));
    let locked = Expr::case(reset, Expr::val(first_lock))
        .case(col(Column::Failures).add(1).gte(limit), Expr::val(locked_until))
        .finally(Expr::val(none));
    let not_locked = Cond::any().add(col(Column::LockedUntil).is_null()).add(col(Column::LockedUntil).lte(now));
    let mut insert = Query::insert();
    insert
        .into_table(login_throttle::Entity)
        .columns([Column::Key, Column::Failures, Column::WindowStartedAt, Column::LockedUntil])
        .values([key.into(), 1.into(), now.into(), first_lock.into()])
        .map_err(|e| ApiError::internal(anyhow::anyhow!("throttle insert: {e}")))?;
    insert
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(Column::Failures, failures)
                .value(Column::WindowStartedAt, window)
                .value(Column::LockedUntil, locked)
                .action_cond_where(not_locked)
                .to_owned(),
        )
        .returning_col(Column::Failures);
    Ok(db.query_one(&insert).await?.is_some())
}

fn retry_after(until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> ApiError {
    let secs = until.map_or(1, |until| (until - now).num_milliseconds().saturating_add(999) / 1000);
    ApiError::RateLimited { retry_after_secs: u64::try_from(Ord::max(secs, 1)).unwrap_or(1) }
}

/// Counts the attempt under every key, or answers 429 (counting nothing) while one is locked.
#[tracing::instrument(skip_all)]
pub async fn reserve(
    db: &DatabaseConnection,
    attempt: &Attempt,
    settings: &IdentitySettings,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let txn = db.begin().await?;
    for (key, kind) in &attempt.keys {
        if !count(&txn, key, *kind, settings, now).await? {
            let row = login_throttle::Entity::find_by_id(key.clone()).one(&txn).await?;
            txn.rollback().await?;
            return Err(retry_after(row.and_then(|r| r.locked_until), now));
        }
    }
    txn.commit().await?;
    if rand::random::<u8>() == 0 {
        purge(db, settings, now).await?;
    }
    Ok(())
}

/// The attempt succeeded: the account's counts are forgotten, and the address gets its
/// reservation back (a success is no failure).
pub async fn succeeded(db: &DatabaseConnection, attempt: &Attempt, settings: &IdentitySettings) -> ApiResult<()> {
    let txn = db.begin().await?;
    for (key, kind) in &attempt.keys {
        if *kind == Kind::Address {
            let still_locked = Expr::case(
                col(Column::Failures).sub(1).gte(settings.max_failures_per_address),
                col(Column::LockedUntil),
            )
            .finally(Expr::val(Option::<DateTime<Utc>>::None));
            login_throttle::Entity::update_many()
                .col_expr(Column::Failures, col(Column::Failures).sub(1))
                .col_expr(Column::LockedUntil, still_locked.into())
                .filter(Column::Key.eq(key.clone()))
                .filter(Column::Failures.gt(0))
                .exec(&txn)
                .await?;
        } else {
            login_throttle::Entity::delete_by_id(key.clone()).exec(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Drops counts whose window and lock are both over; run now and then by `reserve`.
async fn purge(db: &DatabaseConnection, settings: &IdentitySettings, now: DateTime<Utc>) -> ApiResult<()> {
    login_throttle::Entity::delete_many()
        .filter(Column::WindowStartedAt.lte(now - settings.failure_window))
        .filter(Cond::any().add(Column::LockedUntil.is_null()).add(Column::LockedUntil.lte(now)))
        .exec(db)
        .await?;
    Ok(())
}
