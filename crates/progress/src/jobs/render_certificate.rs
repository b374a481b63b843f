//! `progress.render_certificate`: renders an issued certificate's PDF once and keeps it in media
//! storage under `certificates/<id>.pdf`, recording key, size, SHA-256 and time on the row.
//! Enqueued in the transaction that issues the certificate. A repeat after a crash renders to
//! the same key again (overwriting) and the row is recorded only while still unrecorded, so the
//! row and the stored object always agree once it is recorded.

use latih_identity::entity::user;
use latih_jobs::{Job, JobContext};
use latih_media::MediaService;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::certificate::store::{pdf_key, put_pdf};
use crate::entity::certificate;
use crate::routes::certificates::PublicUrl;
use crate::service::certificates::render_pdf;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RenderCertificate {
    pub certificate_id: Uuid,
    /// The issuing organization, whose admins see the job.
    pub organization_id: Uuid,
}

#[async_trait::async_trait]
impl Job for RenderCertificate {
    const KIND: &'static str = "progress.render_certificate";

    fn dedup_key(&self) -> Option<String> {
        Some(format!("certificate:{}:render", self.certificate_id))
    }

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let Some(found) = certificate::Entity::find_by_id(self.certificate_id).one(&ctx.db).await? else {
            tracing::warn!(certificate.id = %self.certificate_id, "certificate to render is gone");
            return Ok(());
        };
        if found.pdf_key.is_some() {
            return Ok(());
        }
        let media = ctx.services.get::<MediaService>()?;
        let public_url = ctx.services.get::<PublicUrl>()?;
        let learner = user::Entity::find_by_id(found.user_id)
            .one(&ctx.db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the certificate's learner {} is gone", found.user_id))?;
        let bytes = render_pdf(&ctx.db, &found, learner, &public_url.0).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let size = i64::try_from(bytes.len())?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let key = pdf_key(found.id);
        put_pdf(media, found.id, &key, bytes, ctx.clock.now()).await?;
        certificate::Entity::update_many()
            .col_expr(certificate::Column::PdfKey, Expr::value(key))
            .col_expr(certificate::Column::PdfSize, Expr::value(size))
            .col_expr(certificate::Column::PdfSha256, Expr::value(sha256))
            .col_expr(certificate::Column::PdfRenderedAt, Expr::value(ctx.clock.now()))
            .filter(certificate::Column::Id.eq(found.id))
            .filter(certificate::Column::PdfKey.is_null())
            .exec(&ctx.db)
            .await?;
        Ok(())
    }
}
