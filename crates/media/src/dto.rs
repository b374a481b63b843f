//! Request and response bodies of the media endpoints.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::entity::media;
use crate::model::{MediaStatus, Purpose};
use crate::storage::PartTarget;

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeclareUpload {
    /// The file's own name; shown to readers, never used as a storage key.
    #[schema(example = "Modul Latsar 2026.pdf")]
    pub filename: String,
    #[schema(example = "application/pdf")]
    pub content_type: String,
    /// Bytes.
    pub size: u64,
    /// Lower-case hex SHA-256 of the whole file.
    pub sha256: String,
    pub purpose: Purpose,
}

/// How to send the bytes: one request (`url`), or on S3 for large files one request per part.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadInstructions {
    /// `PUT`
    pub method: String,
    /// The URL of a single-request upload; `null` for multipart.
    pub url: Option<String>,
    /// Headers to send exactly as given.
    pub headers: BTreeMap<String, String>,
    /// For multipart uploads: send each part to its URL, keep the `ETag` each answer carries,
    /// and pass them to `complete`.
    pub parts: Option<Vec<PartTarget>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UploadTicket {
    pub media_id: Uuid,
    pub upload: UploadInstructions,
    /// Complete before this, or the upload is dropped.
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CompleteUpload {
    /// For multipart uploads: every part with the `ETag` its upload answered.
    pub parts: Option<Vec<UploadedPart>>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UploadedPart {
    pub part_number: i32,
    pub etag: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MediaDto {
    pub id: Uuid,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub purpose: Purpose,
    pub status: MediaStatus,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<media::Model> for MediaDto {
    fn from(m: media::Model) -> Self {
        Self {
            id: m.id,
            filename: m.filename,
            content_type: m.content_type,
            size: m.size,
            sha256: m.sha256,
            purpose: m.purpose,
            status: m.status,
            created_at: m.created_at,
            completed_at: m.completed_at,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DownloadParams {
    /// Ask for `Content-Disposition: inline` (for players and viewers) instead of `attachment`.
    #[serde(default)]
    pub inline: bool,
}

/// The query of a signed URL of the API.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignedQuery {
    pub expires: i64,
    pub signature: String,
    #[serde(default)]
    pub inline: bool,
}
