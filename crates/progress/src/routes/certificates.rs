//! `/me/certificates`, `/certificates/{id}/pdf` and the public `/certificates/verify/{code}`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use latih_kernel::{ApiError, ApiResult, AuthUser, Page, PageQuery, Query};
use latih_media::MediaService;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CertificateDto, Verification};
use crate::service::certificates::{self, Pdf};

/// The public address certificates point their QR codes at.
#[derive(Clone, Debug)]
pub struct PublicUrl(pub String);

/// The caller's certificates, newest first.
#[utoipa::path(
    tag = "certificates",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page, newest first", body = Page<CertificateDto>),
        (status = 400, description = "Malformed cursor"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/me/certificates")]
pub async fn list_my_certificates(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<CertificateDto>>> {
    certificates::mine(&db, &actor, &page.0).await.map(web::Json)
}

/// The certificate as PDF (STTP, in Indonesian, with a QR code of its verify URL), for its
/// owner and the admins of the owner's organization. Rendered once after issue and kept; until
/// then rendered for each request.
#[utoipa::path(
    tag = "certificates",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Certificate id")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf"),
        (status = 404, description = "Absent or not the caller's"),
    )
)]
#[get("/certificates/{id}/pdf")]
pub async fn get_certificate_pdf(
    db: web::Data<DatabaseConnection>,
    media: web::Data<MediaService>,
    public_url: web::Data<PublicUrl>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let pdf = certificates::pdf(&db, &actor, *id, &public_url.0).await?;
    let filename = match &pdf {
        Pdf::Stored { filename, .. } | Pdf::Rendered { filename, .. } => filename.clone(),
    };
    let mut response = HttpResponse::Ok();
    response
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    match pdf {
        Pdf::Rendered { bytes, .. } => Ok(response.body(bytes)),
        Pdf::Stored { key, size, .. } => {
            let stream = media
                .storage
                .open(&key)
                .await
                .map_err(|error| ApiError::internal(anyhow::anyhow!("opening {key}: {error}")))?;
            if let Some(size) = size {
                response.no_chunking(size);
            }
            Ok(response.streaming(stream))
        }
    }
}

/// Check a certificate by its code; no token needed. Answers only the name, the course, the
/// JP, the date and the issuer; an unknown code is `valid: false`.
#[utoipa::path(
    tag = "certificates",
    params(("code" = String, Path, description = "The code printed on the certificate")),
    responses((status = 200, description = "Whether the certificate is genuine", body = Verification))
)]
#[get("/certificates/verify/{code}")]
pub async fn verify_certificate(
    db: web::Data<DatabaseConnection>,
    code: web::Path<String>,
) -> ApiResult<web::Json<Verification>> {
    certificates::verify(&db, &code).await.map(web::Json)
}
