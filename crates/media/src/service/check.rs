//! The content check of an uploaded file: its bytes are read once, as a stream (never whole in
//! memory), to compare size, SHA-256 and the type recognised from the first bytes with what
//! the uploader declared. `complete` runs it inline for small files; the `media.check` job runs
//! it for large ones.

use futures_util::StreamExt;
use latih_kernel::error::FieldError;
use latih_kernel::{FieldErrors, Msg};
use sea_orm::ActiveValue::Set;
use sha2::{Digest, Sha256};

use crate::entity::media;
use crate::model::{detect, detected_matches};
use crate::storage::{Storage, StorageError};

/// How many leading bytes the type is recognised from (office files need to see their zip
/// directory entries).
const HEAD: usize = 64 * 1024;

/// What reading the object back found.
pub struct Checked {
    pub size: u64,
    pub sha256: String,
    pub detected: Option<&'static str>,
}

/// Streams the object at `key` once; only its first `HEAD` bytes are kept.
pub async fn read_back(storage: &dyn Storage, key: &str) -> Result<Checked, StorageError> {
    let mut stream = storage.open(key).await?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(HEAD);
    let mut size = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        size += chunk.len() as u64;
        if head.len() < HEAD {
            let take = (HEAD - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(&chunk);
    }
    Ok(Checked { size, sha256: hex::encode(hasher.finalize()), detected: detect(&head) })
}

/// Every way the bytes disagree with the declaration of `row`; empty when they agree.
pub fn disagreements(row: &media::Model, checked: &Checked) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if i64::try_from(checked.size).ok() != Some(row.size) {
        errors.add(
            "size",
            "size_mismatch",
            Msg::new(
                format!("Ukuran {} bita, bukan {} seperti dinyatakan.", checked.size, row.size),
                format!("The file has {} bytes, not the {} declared.", checked.size, row.size),
            ),
        );
    }
    if checked.sha256 != row.sha256 {
        errors.add("sha256", "checksum_mismatch", Msg::new("SHA-256 tidak cocok.", "The SHA-256 does not match."));
    }
    if !detected_matches(&row.content_type, checked.detected) {
        let found = checked.detected.unwrap_or("unknown");
        errors.add(
            "content_type",
            "type_mismatch",
            Msg::new(
                format!("Isi berkas berjenis {found}, bukan {}.", row.content_type),
                format!("The file's content is {found}, not {}.", row.content_type),
            ),
        );
    }
    errors
}

/// The reason a job found for a file whose object is gone.
pub fn missing_bytes() -> FieldError {
    FieldError::new(
        "upload_missing",
        Msg::new("Isi berkas tidak ditemukan di penyimpanan.", "The file's bytes are not in the store."),
    )
}

/// Records `reason` (the first disagreement found) on a refused file.
pub fn set_rejection(active: &mut media::ActiveModel, reason: Option<&FieldError>) {
    active.rejection_code = Set(reason.map(|r| r.code.to_string()));
    active.rejection_detail_id = Set(reason.map(|r| r.message.id.to_string()));
    active.rejection_detail_en = Set(reason.map(|r| r.message.en.to_string()));
}
