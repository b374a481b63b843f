//! The media rules, as plain async functions over a database connection and a store.

pub mod check;
pub mod cleanup;
pub mod complete;
pub mod files;
pub mod quota;
pub mod uploads;

use std::sync::Arc;

use chrono::Duration;

use crate::model::{MediaLimits, MediaQuota};
use crate::policy::MediaPolicies;
use crate::signing::UrlSigner;
use crate::storage::{LocalStorage, Storage};

/// What the media endpoints need besides the database.
#[derive(Clone)]
pub struct MediaService {
    pub storage: Arc<dyn Storage>,
    /// The same store when it is the local folder: uploads and downloads then pass through the
    /// API's own signed URLs.
    pub local: Option<Arc<LocalStorage>>,
    pub limits: MediaLimits,
    /// What a person and an organization may store.
    pub quota: MediaQuota,
    pub signer: UrlSigner,
    pub policies: MediaPolicies,
    /// How long a declared upload may take before it is dropped.
    pub upload_ttl: Duration,
    /// How long a download URL works.
    pub download_ttl: Duration,
}
