//! `/healthz` (the process runs) and `/readyz` (the database and storage answer).

use actix_web::{get, web};
use latih_kernel::{ApiError, ApiResult, Msg};
use latih_media::MediaService;
use sea_orm::DatabaseConnection;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`
    pub status: String,
}

/// Answers while the process runs.
#[utoipa::path(tag = "platform", responses((status = 200, description = "Alive", body = Health)))]
#[get("/healthz")]
pub async fn get_health() -> web::Json<Health> {
    web::Json(Health { status: "ok".to_owned() })
}

/// Answers 200 when the database and media storage answer, else 503.
#[utoipa::path(
    tag = "platform",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "The database or storage does not answer"),
    )
)]
#[get("/readyz")]
pub async fn get_readiness(
    db: web::Data<DatabaseConnection>,
    media: web::Data<MediaService>,
) -> ApiResult<web::Json<Health>> {
    if let Err(error) = db.ping().await {
        tracing::warn!(%error, "database not ready");
        return Err(ApiError::Unavailable(Msg::new("Basis data tidak menjawab.", "The database does not answer.")));
    }
    if let Err(error) = media.storage.ping().await {
        tracing::warn!(%error, storage = media.storage.kind(), "media storage not ready");
        return Err(ApiError::Unavailable(Msg::new(
            "Penyimpanan media tidak menjawab.",
            "Media storage does not answer.",
        )));
    }
    Ok(web::Json(Health { status: "ok".to_owned() }))
}
