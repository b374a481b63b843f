//! Declaring an upload: the checks that can be made before a byte is sent (403 for a purpose
//! the caller's roles do not allow, 413 over a limit or a quota, 415, 422), and the instructions
//! for sending the bytes.

use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::{DatabaseConnection, Set};

use crate::dto::{DeclareUpload, UploadInstructions, UploadTicket};
use crate::entity::media;
use crate::model::{MediaStatus, classify, essence};
use crate::service::MediaService;
use crate::service::quota::insert_within_quota;
use crate::storage::{StorageError, UploadPlan};

/// The name as shown to readers: the last path segment, without control characters.
fn display_name(raw: &str) -> Option<String> {
    let name: String = raw.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).collect();
    let name = name.trim().to_owned();
    (!name.is_empty() && name.chars().count() <= 255).then_some(name)
}

/// The key a declared upload is sent to. Readers never get it: `complete` moves the checked
/// file to `final_key`.
pub fn upload_key(now: chrono::DateTime<chrono::Utc>, id: uuid::Uuid) -> String {
    format!("incoming/{}/{id}", now.format("%Y/%m"))
}

/// The API error of a store failure. What the store said is logged, never sent: its texts name
/// hosts, buckets and SDK internals.
pub fn storage_failure(error: StorageError) -> ApiError {
    match error {
        StorageError::Missing => ApiError::not_found(),
        StorageError::Rejected(why) => {
            tracing::warn!(error = %why, "the store refused an upload");
            ApiError::invalid(
                "parts",
                "rejected_by_storage",
                Msg::new(
                    "Penyimpanan menolak unggahan; periksa setiap bagian dan ETag-nya.",
                    "The store refused the upload; check every part and its ETag.",
                ),
            )
        }
        StorageError::Other(error) => ApiError::Internal(error),
    }
}

fn not_for_your_role() -> ApiError {
    ApiError::Forbidden(Msg::new(
        "Hanya instruktur dan admin instansi yang mengunggah materi dan paket kursus.",
        "Only instructors and organization admins upload course materials and packages.",
    ))
}

pub async fn declare(
    db: &DatabaseConnection,
    clock: &Clock,
    service: &MediaService,
    actor: &AuthUser,
    input: DeclareUpload,
) -> ApiResult<UploadTicket> {
    if !input.purpose.may_be_uploaded_by(&actor.roles) {
        return Err(not_for_your_role());
    }
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
    let key = upload_key(now, id);
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
    let row = media::ActiveModel {
        id: Set(id),
        owner_id: Set(actor.id),
        organization_id: Set(actor.organization_id),
        filename: Set(filename),
        content_type: Set(content_type),
        size: Set(i64::try_from(input.size).map_err(ApiError::internal)?),
        sha256: Set(sha256),
        purpose: Set(input.purpose),
        status: Set(MediaStatus::Pending),
        storage_key: Set(key.clone()),
        upload_id: Set(upload_id.clone()),
        expires_at: Set(expires_at),
        created_at: Set(now),
        completed_at: Set(None),
        rejection_code: Set(None),
        rejection_detail_id: Set(None),
        rejection_detail_en: Set(None),
    };
    let inserted = insert_within_quota(db, &service.quota, row, actor.id, actor.organization_id, input.size, now).await;
    if let Err(error) = inserted {
        if let Some(upload_id) = upload_id.as_deref()
            && let Err(abort) = service.storage.abort_upload(&key, Some(upload_id)).await
        {
            tracing::warn!(error = %abort, "could not drop a refused multipart upload");
        }
        return Err(error);
    }
    Ok(UploadTicket { media_id: id, upload, expires_at })
}

#[cfg(test)]
mod tests {
    use latih_kernel::Lang;

    use super::storage_failure;
    use crate::storage::StorageError;

    #[test]
    fn what_the_store_said_never_reaches_the_client() {
        let said = "InvalidPart: One or more of the specified parts could not be found (bucket latih, 10.0.0.5:3900)";
        for error in
            [StorageError::Rejected(said.to_owned()), StorageError::Other(anyhow::anyhow!("dispatch failure: {said}"))]
        {
            let problem = storage_failure(error).problem(Lang::En);
            let body = serde_json::to_string(&problem).unwrap_or_default();
            assert!(
                !body.contains("InvalidPart") && !body.contains("10.0.0.5") && !body.contains("dispatch"),
                "{body}"
            );
        }
    }
}
