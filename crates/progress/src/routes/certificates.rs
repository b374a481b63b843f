//! `/me/certificates`, `/certificates/{id}/pdf` and the public `/certificates/verify/{code}`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use latih_kernel::{ApiResult, AuthUser, Page, PageQuery, Query};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::dto::{CertificateDto, Verification};
use crate::service::certificates;

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
/// owner and the admins of the owner's organization.
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
    public_url: web::Data<PublicUrl>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (filename, bytes) = certificates::pdf(&db, &actor, *id, &public_url.0).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
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
