//! Who else may read a file, and whether anything still uses it, asked of the crates that use
//! media (courses for lesson materials, progress for claim evidence). Media depends on none of
//! them: they implement `MediaPolicy` and the server hands the list in.

use std::sync::Arc;

use latih_kernel::{ApiResult, AuthUser};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

#[async_trait::async_trait]
pub trait MediaPolicy: Send + Sync {
    /// Whether `actor` may read `media_id` through what this crate uses it for.
    async fn may_read(&self, db: &DatabaseConnection, actor: &AuthUser, media_id: Uuid) -> ApiResult<bool>;

    /// Whether something of this crate still points at `media_id`.
    async fn in_use(&self, db: &DatabaseConnection, media_id: Uuid) -> ApiResult<bool>;
}

/// Every policy the server wired in.
#[derive(Clone, Default)]
pub struct MediaPolicies(Vec<Arc<dyn MediaPolicy>>);

impl MediaPolicies {
    pub fn new(policies: Vec<Arc<dyn MediaPolicy>>) -> Self {
        Self(policies)
    }

    pub async fn may_read(&self, db: &DatabaseConnection, actor: &AuthUser, media_id: Uuid) -> ApiResult<bool> {
        for policy in &self.0 {
            if policy.may_read(db, actor, media_id).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub async fn in_use(&self, db: &DatabaseConnection, media_id: Uuid) -> ApiResult<bool> {
        for policy in &self.0 {
            if policy.in_use(db, media_id).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
