//! Keeping a rendered certificate in media storage: the local folder is written directly, an
//! S3-compatible store through a presigned PUT of its own plan (the storage trait has no
//! server-side write; the key is server-made and never given to a client).

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use latih_media::MediaService;
use latih_media::storage::UploadPlan;
use latih_media::storage::local::WriteError;
use uuid::Uuid;

/// Where the PDF of certificate `id` is kept.
pub fn pdf_key(id: Uuid) -> String {
    format!("certificates/{id}.pdf")
}

/// Stores `bytes` under `key`, replacing what was there.
pub async fn put_pdf(
    media: &MediaService,
    certificate_id: Uuid,
    key: &str,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let size = bytes.len() as u64;
    if let Some(local) = &media.local {
        let body = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
        return match local.write(key, body, size).await {
            Ok(_) => Ok(()),
            Err(WriteError::TooLarge) => anyhow::bail!("the PDF grew while it was written"),
            Err(WriteError::Io(error)) => Err(error.into()),
        };
    }
    let expires = now + chrono::Duration::minutes(15);
    let plan = media
        .storage
        .plan_upload(key, certificate_id, "application/pdf", size, expires)
        .await
        .map_err(|error| anyhow::anyhow!("planning the certificate upload: {error}"))?;
    let UploadPlan::Single(target) = plan else {
        anyhow::bail!("a certificate of {size} bytes would need a multipart upload");
    };
    let method = reqwest::Method::from_bytes(target.method.as_bytes())?;
    let mut request = reqwest::Client::new().request(method, &target.url);
    for (name, value) in &target.headers {
        request = request.header(name, value);
    }
    let answer = request.body(bytes).send().await?;
    anyhow::ensure!(answer.status().is_success(), "the store answered {} to the certificate upload", answer.status());
    Ok(())
}

/// The stored PDF, whole (a certificate is some tens of kilobytes).
pub async fn read_pdf(media: &MediaService, key: &str) -> anyhow::Result<Vec<u8>> {
    use futures_util::StreamExt;
    let mut stream = media.storage.open(key).await.map_err(|error| anyhow::anyhow!("opening {key}: {error}"))?;
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}
