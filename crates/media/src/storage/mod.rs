//! Where media bytes live: a local folder (the default) or any S3-compatible object store. Keys
//! are made by the server; no byte of a file is ever held in memory as a whole.

pub mod local;
mod s3;

use std::io;
use std::pin::Pin;

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use futures_util::Stream;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub use local::LocalStorage;
pub use s3::{S3Settings, S3Storage};

/// The bytes of an object, in chunks.
pub type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// An HTTP request the client makes itself.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RequestTarget {
    /// `PUT`
    pub method: String,
    pub url: String,
    /// Headers to send exactly as given (they are part of the signature).
    pub headers: std::collections::BTreeMap<String, String>,
}

/// One part of a multipart upload.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PartTarget {
    /// 1-based.
    pub part_number: i32,
    /// Bytes of the file this part carries, starting at `offset`.
    pub offset: u64,
    pub size: u64,
    pub method: String,
    pub url: String,
    pub headers: std::collections::BTreeMap<String, String>,
}

/// How the client sends the bytes.
#[derive(Clone, Debug)]
pub enum UploadPlan {
    Single(RequestTarget),
    Multipart { upload_id: String, parts: Vec<PartTarget> },
}

/// A part the client uploaded, with the `ETag` the store answered.
#[derive(Clone, Debug)]
pub struct CompletedPart {
    pub part_number: i32,
    pub etag: String,
}

/// Files over this size go up in parts on S3.
pub const MULTIPART_THRESHOLD: u64 = 64 * 1024 * 1024;

#[derive(Debug)]
pub enum StorageError {
    /// The object is not there.
    Missing,
    /// The store refused what the client sent (e.g. a wrong part ETag).
    Rejected(String),
    Other(anyhow::Error),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Missing => f.write_str("object missing"),
            StorageError::Rejected(why) => write!(f, "rejected by the store: {why}"),
            StorageError::Other(error) => write!(f, "{error:#}"),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<io::Error> for StorageError {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::NotFound { StorageError::Missing } else { StorageError::Other(error.into()) }
    }
}

/// What an object is and how a reader gets its bytes.
pub struct DownloadRequest<'a> {
    pub key: &'a str,
    pub media_id: Uuid,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub inline: bool,
    pub expires_at: DateTime<Utc>,
}

/// A media store.
#[async_trait::async_trait]
pub trait Storage: Send + Sync {
    /// `local` or `s3`.
    fn kind(&self) -> &'static str;

    /// How the client sends `size` bytes of `content_type` to `key` before `expires_at`.
    async fn plan_upload(
        &self,
        key: &str,
        media_id: Uuid,
        content_type: &str,
        size: u64,
        expires_at: DateTime<Utc>,
    ) -> Result<UploadPlan, StorageError>;

    /// Joins the parts of a multipart upload into the object.
    async fn complete_multipart(&self, key: &str, upload_id: &str, parts: &[CompletedPart])
    -> Result<(), StorageError>;

    /// Moves a finished single-request upload from `upload_key` to `final_key`, a key the client
    /// was never given, so the upload URL (which works until it expires) can no longer change
    /// what readers get. `Missing` when nothing is at `upload_key`.
    async fn finalize(&self, upload_key: &str, final_key: &str) -> Result<(), StorageError>;

    /// Drops an unfinished upload and whatever of it arrived.
    async fn abort_upload(&self, key: &str, upload_id: Option<&str>) -> Result<(), StorageError>;

    /// The object's size, or `None` when it is not there.
    async fn size(&self, key: &str) -> Result<Option<u64>, StorageError>;

    /// The whole object as a stream.
    async fn open(&self, key: &str) -> Result<ByteStream, StorageError>;

    async fn delete(&self, key: &str) -> Result<(), StorageError>;

    /// A short-lived URL the reader fetches the bytes from (it honours `Range`).
    async fn download_url(&self, request: &DownloadRequest<'_>) -> Result<String, StorageError>;

    /// Whether the store answers.
    async fn ping(&self) -> Result<(), StorageError>;
}

/// `Content-Disposition` with the original name, safe for any name: an ASCII fallback and the
/// UTF-8 name percent-encoded (RFC 6266, RFC 8187).
pub fn content_disposition(filename: &str, inline: bool) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') { c } else { '_' })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn file_names_are_encoded_safely() {
        let header = content_disposition("Materi \"Latsar\"\r\n ké.pdf", false);
        assert_eq!(
            header,
            "attachment; filename=\"Materi _Latsar___ k_.pdf\"; filename*=UTF-8''Materi%20%22Latsar%22%0D%0A%20k%C3%A9.pdf"
        );
    }
}
