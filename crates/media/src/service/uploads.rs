//! Declaring an upload: the checks that can be made before a byte is sent (413, 415, 422), and
//! the instructions for sending the bytes.

use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};

use crate::dto::{DeclareUpload, UploadInstructions, UploadTicket};
use crate::entity::media;
use crate::model::{MediaStatus, classify, essence};
use crate::service::MediaService;
use crate::storage::{StorageError, UploadPlan};

/// The name as shown to readers: the last path segment, without control characters.
fn display_name(raw: &str) -> Option<String> {
    let name: String = raw.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).collect();
    let name = name.trim().to_owned();
    (!name.is_empty() && name.chars().count() <= 255).then_some(name)
}

pub fn storage_failure(error: StorageError) -> ApiError {
    match error {
        StorageError::Missing => ApiError::not_found(),
        StorageError::Rejected(why) => ApiError::invalid(
            "parts",
            "rejected_by_storage",
            Msg::new(format!("Penyimpanan menolak unggahan: {why}"), format!("The store refused the upload: {why}")),
        ),
        StorageError::Other(error) => ApiError::Internal(error),
    }
}

pub async fn declare(
    db: &DatabaseConnection,
    clock: &Clock,
    service: &MediaService,
    actor: &AuthUser,
    input: DeclareUpload,
) -> ApiResult<UploadTicket> {
    let content_type = essence(&input.content_type);
    let limit = classify(&content_type).and_then(|class| service.limits.limit(input.purpose, class, &content_type));
    let Some(limit) = limit else {
        return Err(ApiError::UnsupportedMedia(Msg::new(
            format!("Jenis berkas {content_type} tidak diterima untuk keperluan ini."),
            format!("Files of type {content_type} are not accepted for this purpose."),
        )));
    };
    if input.size > limit {
        return Err(ApiError::TooLarge(Msg::new(
            format!("Berkas ini paling besar {} MB.", limit / (1024 * 1024)),
            format!("Files of this kind are at most {} MB.", limit / (1024 * 1024)),
        )));
    }
    let mut errors = FieldErrors::new();
    let filename = display_name(&input.filename);
    if filename.is_none() {
        errors.add(
            "filename",
            "invalid_filename",
            Msg::new("Nama berkas 1 sampai 255 karakter.", "A file name has 1 to 255 characters."),
        );
    }
    if input.size == 0 {
        errors.add("size", "empty", Msg::new("Berkas kosong.", "The file is empty."));
    }
    let sha256 = input.sha256.trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        errors.add(
            "sha256",
            "invalid_sha256",
            Msg::new("SHA-256 adalah 64 digit heksadesimal.", "sha256 is 64 hexadecimal digits."),
        );
    }
    errors.finish()?;
    let filename = filename.ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated file name missing")))?;
    let now = clock.now();
    let id = new_id();
    let key = format!("media/{}/{id}", now.format("%Y/%m"));
    let expires_at = now + service.upload_ttl;
    let plan =
        service.storage.plan_upload(&key, id, &content_type, input.size, expires_at).await.map_err(storage_failure)?;
    let (upload, upload_id) = match plan {
        UploadPlan::Single(target) => (
            UploadInstructions { method: target.method, url: Some(target.url), headers: target.headers, parts: None },
            None,
        ),
        UploadPlan::Multipart { upload_id, parts } => (
            UploadInstructions { method: "PUT".to_owned(), url: None, headers: Default::default(), parts: Some(parts) },
            Some(upload_id),
        ),
    };
    media::ActiveModel {
        id: Set(id),
        owner_id: Set(actor.id),
        organization_id: Set(actor.organization_id),
        filename: Set(filename),
        content_type: Set(content_type),
        size: Set(i64::try_from(input.size).map_err(ApiError::internal)?),
        sha256: Set(sha256),
        purpose: Set(input.purpose),
        status: Set(MediaStatus::Pending),
        storage_key: Set(key),
        upload_id: Set(upload_id),
        expires_at: Set(expires_at),
        created_at: Set(now),
        completed_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(UploadTicket { media_id: id, upload, expires_at })
}
