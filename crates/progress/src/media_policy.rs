//! Claim evidence: the admins who decide a claim may read its evidence file, and a file a claim
//! points at may not be deleted. Both are asked in the caller's transaction.

use latih_kernel::{ApiResult, AuthUser};
use latih_media::MediaPolicy;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::jp_claim;

pub struct ClaimEvidence;

#[async_trait::async_trait]
impl MediaPolicy for ClaimEvidence {
    async fn may_read(&self, txn: &DatabaseTransaction, actor: &AuthUser, media_id: Uuid) -> ApiResult<bool> {
        let claims = jp_claim::Entity::find().filter(jp_claim::Column::EvidenceMediaId.eq(media_id)).all(txn).await?;
        Ok(claims.iter().any(|c| c.organization_id.map_or(actor.is_platform_admin(), |org| actor.administers(org))))
    }

    async fn in_use(&self, txn: &DatabaseTransaction, media_id: Uuid) -> ApiResult<bool> {
        Ok(jp_claim::Entity::find().filter(jp_claim::Column::EvidenceMediaId.eq(media_id)).one(txn).await?.is_some())
    }
}
