//! Who else may read a file, and whether anything still uses it, asked of the crates that use
//! media (courses for lesson materials, progress for claim evidence). Media depends on none of
//! them: they implement `MediaPolicy` and the server hands the list in.
//!
//! This is the synchronous kind of cross-crate rule (DESIGN.md: "a rule that must hold in the
//! same transaction stays a small trait the server wires, taking the caller's transaction"): the
//! answer decides the very request that asks, so it cannot be an event. Every call passes the
//! caller's transaction, so what a policy reads is what the caller's write is based on (a file
//! is deleted only if nothing pointed at it in the deleting transaction).

use std::sync::Arc;

use latih_kernel::{ApiResult, AuthUser};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

#[async_trait::async_trait]
pub trait MediaPolicy: Send + Sync {
    /// Whether `actor` may read `media_id` through what this crate uses it for; `txn` is the
    /// caller's transaction.
    async fn may_read(&self, txn: &DatabaseTransaction, actor: &AuthUser, media_id: Uuid) -> ApiResult<bool>;

    /// Whether something of this crate still points at `media_id`, read in the caller's `txn`.
    async fn in_use(&self, txn: &DatabaseTransaction, media_id: Uuid) -> ApiResult<bool>;
}

/// Every policy the server wired in, asked in order; the first yes wins.
#[derive(Clone, Default)]
pub struct MediaPolicies(Vec<Arc<dyn MediaPolicy>>);

impl MediaPolicies {
    pub fn new(policies: Vec<Arc<dyn MediaPolicy>>) -> Self {
        Self(policies)
    }

    pub async fn may_read(&self, txn: &DatabaseTransaction, actor: &AuthUser, media_id: Uuid) -> ApiResult<bool> {
        for policy in &self.0 {
            if policy.may_read(txn, actor, media_id).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub async fn in_use(&self, txn: &DatabaseTransaction, media_id: Uuid) -> ApiResult<bool> {
        for policy in &self.0 {
            if policy.in_use(txn, media_id).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
