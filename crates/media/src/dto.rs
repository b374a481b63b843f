//! Request and response bodies of the media endpoints.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use latih_kernel::{Lang, Msg};
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
    /// `processing` after `complete` answered 202: poll until `ready` or `rejected`.
    pub status: MediaStatus,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Why the checks refused the file; `null` unless `failed` or `rejected`.
    pub rejection_reason: Option<RejectionReason>,
}

/// Why the content check refused a file.
#[derive(Debug, Serialize, ToSchema)]
pub struct RejectionReason {
    /// `size_mismatch`, `checksum_mismatch`, `type_mismatch` or `upload_missing`.
    #[schema(example = "checksum_mismatch")]
    pub code: String,
    /// In the caller's language (`Accept-Language`).
    pub detail: String,
}

impl MediaDto {
    /// The file's facts, texts in `lang`.
    pub fn new(m: media::Model, lang: Lang) -> Self {
        let rejection_reason = m.rejection_code.map(|code| {
            let detail = Msg::new(m.rejection_detail_id.unwrap_or_default(), m.rejection_detail_en.unwrap_or_default());
            RejectionReason { code, detail: detail.pick(lang).to_owned() }
        });
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
            rejection_reason,
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
