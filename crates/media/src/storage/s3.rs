//! The S3 backend on `aws-sdk-s3`: clients upload and download directly with presigned URLs
//! (multipart above 64 MiB); the API only reads objects back as streams to check them.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation};
use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart as S3Part};
use aws_smithy_http_client::tls;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use tokio_util::io::ReaderStream;
use uuid::Uuid;

use super::{
    ByteStream, CompletedPart, DownloadRequest, MULTIPART_THRESHOLD, PartTarget, RequestTarget, Storage, StorageError,
    UploadPlan, content_disposition,
};

/// Where the bucket is, and with which key. Without a key, credentials come from the usual
/// `AWS_*` variables and the SDK's other providers.
#[derive(Clone, Debug)]
pub struct S3Settings {
    /// For S3-compatible stores (Garage, MinIO, Ceph); AWS itself when `None`.
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    /// An access key id and its secret.
    pub credentials: Option<(String, SecretString)>,
}

pub struct S3Storage {
    client: Client,
    bucket: String,
}

fn other(error: impl std::fmt::Display) -> StorageError {
    StorageError::Other(anyhow::anyhow!("{error}"))
}

/// The presigned lifetime: until `expires_at`, within S3's one-second to seven-day range.
fn presigning(expires_at: DateTime<Utc>) -> Result<PresigningConfig, StorageError> {
    let seconds = (expires_at - Utc::now()).num_seconds().clamp(1, 7 * 24 * 3600);
    PresigningConfig::expires_in(Duration::from_secs(u64::try_from(seconds).unwrap_or(1))).map_err(other)
}

fn target(request: &PresignedRequest) -> (String, BTreeMap<String, String>) {
    let headers = request.headers().map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned())).collect();
    (request.uri().to_owned(), headers)
}

impl S3Storage {
    /// A client with one HTTP stack (rustls on ring), path-style addressing for S3-compatible
    /// stores, and checksums only where S3 requires them (presigned URLs carry none).
    pub async fn connect(settings: &S3Settings) -> Self {
        let http_client = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http_client)
            .region(Region::new(settings.region.clone()));
        if let Some(endpoint) = &settings.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        if let Some((key_id, secret)) = &settings.credentials {
            let credentials = Credentials::new(key_id, secret.expose_secret(), None, None, "latih-settings");
            loader = loader.credentials_provider(credentials);
        }
        let shared = loader.load().await;
        let config = aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(true)
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
            .build();
        Self { client: Client::from_conf(config), bucket: settings.bucket.clone() }
    }
}

#[async_trait::async_trait]
impl Storage for S3Storage {
    fn kind(&self) -> &'static str {
        "s3"
    }

    async fn plan_upload(
        &self,
        key: &str,
        _media_id: Uuid,
        content_type: &str,
        size: u64,
        expires_at: DateTime<Utc>,
    ) -> Result<UploadPlan, StorageError> {
        let length = i64::try_from(size).map_err(other)?;
        if size <= MULTIPART_THRESHOLD {
            let presigned = self
                .client
                .put_object()
                .bucket(&self.bucket)
                .key(key)
                .content_type(content_type)
                .content_length(length)
                .presigned(presigning(expires_at)?)
                .await
                .map_err(other)?;
            let (url, mut headers) = target(&presigned);
            headers.entry("content-type".to_owned()).or_insert_with(|| content_type.to_owned());
            headers.entry("content-length".to_owned()).or_insert_with(|| size.to_string());
            return Ok(UploadPlan::Single(RequestTarget { method: "PUT".to_owned(), url, headers }));
        }
        let created = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .send()
            .await
            .map_err(other)?;
        let upload_id = created.upload_id().ok_or_else(|| other("no upload id"))?.to_owned();
        let part_size = MULTIPART_THRESHOLD.max(size.div_ceil(10_000));
        let mut parts = Vec::new();
        let mut offset = 0u64;
        let mut number = 1i32;
        while offset < size {
            let this = part_size.min(size - offset);
            let presigned = self
                .client
                .upload_part()
                .bucket(&self.bucket)
                .key(key)
                .upload_id(&upload_id)
                .part_number(number)
                .content_length(i64::try_from(this).map_err(other)?)
                .presigned(presigning(expires_at)?)
                .await
                .map_err(other)?;
            let (url, mut headers) = target(&presigned);
            headers.entry("content-length".to_owned()).or_insert_with(|| this.to_string());
            parts.push(PartTarget { part_number: number, offset, size: this, method: "PUT".to_owned(), url, headers });
            offset += this;
            number += 1;
        }
        Ok(UploadPlan::Multipart { upload_id, parts })
    }

    async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[CompletedPart],
    ) -> Result<(), StorageError> {
        let parts = parts
            .iter()
            .map(|p| S3Part::builder().part_number(p.part_number).e_tag(&p.etag).build())
            .collect::<Vec<_>>();
        self.client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
            .send()
            .await
            .map_err(|e| StorageError::Rejected(format!("{}", aws_sdk_s3::error::DisplayErrorContext(e))))?;
        Ok(())
    }

    async fn finalize(&self, upload_key: &str, final_key: &str) -> Result<(), StorageError> {
        self.client
            .copy_object()
            .bucket(&self.bucket)
            .copy_source(format!("{}/{upload_key}", self.bucket))
            .key(final_key)
            .send()
            .await
            .map_err(|error| {
                // CopyObject has no modelled NoSuchKey; the store answers it as a 404.
                if error.raw_response().is_some_and(|r| r.status().as_u16() == 404) {
                    StorageError::Missing
                } else {
                    other(aws_sdk_s3::error::DisplayErrorContext(error))
                }
            })?;
        if let Err(error) = self.delete(upload_key).await {
            tracing::warn!(%error, "could not drop the upload key of a finished upload");
        }
        Ok(())
    }

    async fn abort_upload(&self, key: &str, upload_id: Option<&str>) -> Result<(), StorageError> {
        if let Some(upload_id) = upload_id {
            let aborted =
                self.client.abort_multipart_upload().bucket(&self.bucket).key(key).upload_id(upload_id).send().await;
            if let Err(error) = aborted {
                tracing::debug!(error = %aws_sdk_s3::error::DisplayErrorContext(error), "abort of a multipart upload");
            }
        }
        self.delete(key).await
    }

    async fn size(&self, key: &str) -> Result<Option<u64>, StorageError> {
        match self.client.head_object().bucket(&self.bucket).key(key).send().await {
            Ok(head) => Ok(head.content_length().and_then(|l| u64::try_from(l).ok())),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(error) => Err(other(aws_sdk_s3::error::DisplayErrorContext(error))),
        }
    }

    async fn open(&self, key: &str) -> Result<ByteStream, StorageError> {
        let object = self.client.get_object().bucket(&self.bucket).key(key).send().await.map_err(|error| {
            if error.as_service_error().is_some_and(|e| e.is_no_such_key()) {
                StorageError::Missing
            } else {
                other(aws_sdk_s3::error::DisplayErrorContext(error))
            }
        })?;
        Ok(Box::pin(ReaderStream::with_capacity(object.body.into_async_read(), 256 * 1024)))
    }

    async fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| other(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }

    async fn download_url(&self, request: &DownloadRequest<'_>) -> Result<String, StorageError> {
        let presigned = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(request.key)
            .response_content_type(request.content_type)
            .response_content_disposition(content_disposition(request.filename, request.inline))
            .presigned(presigning(request.expires_at)?)
            .await
            .map_err(other)?;
        Ok(presigned.uri().to_owned())
    }

    async fn ping(&self) -> Result<(), StorageError> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(|e| other(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }
}
