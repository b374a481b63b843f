//! problem+json (RFC 9457) rendering of `ApiError`, in the caller's language.
//!
//! Actix turns an `Err` from a handler or extractor into a response right away, before the
//! request's `Accept-Language` is at hand, so responses are first rendered in Indonesian and the
//! `localize` middleware re-renders the ones that asked for English.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, FieldErrors, Msg};
use crate::lang::Lang;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The error body of every failed request.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:latih:problem:<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, for people.
    pub detail: String,
    /// Stable machine word: `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`
    /// (or a more specific conflict such as `already_enrolled`), `precondition_failed`,
    /// `payload_too_large`, `quota_exceeded`, `unsupported_media_type`, `validation_failed`,
    /// `rate_limited`, `service_unavailable`, `internal_error`.
    pub code: String,
    /// The offending fields, for 400, 409 and 422; empty otherwise.
    pub errors: Vec<ProblemField>,
    /// For `quota_exceeded`: how many bytes the caller may still store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_bytes: Option<u64>,
}

/// One invalid field of a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// Path of the field in the request, e.g. `email` or `items[2].level`.
    pub field: String,
    /// Stable machine word, e.g. `required`, `invalid_format`, `taken`.
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooLarge(_) | Self::QuotaExceeded { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMedia(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "bad_request",
            Self::Unauthenticated(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict { code, .. } => code,
            Self::PreconditionFailed => "precondition_failed",
            Self::Validation(_) => "validation_failed",
            Self::TooLarge(_) => "payload_too_large",
            Self::QuotaExceeded { .. } => "quota_exceeded",
            Self::UnsupportedMedia(_) => "unsupported_media_type",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable(_) => "service_unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> Msg {
        let (id, en) = match self {
            Self::BadRequest { .. } => ("Permintaan tidak dapat dibaca", "Malformed request"),
            Self::Unauthenticated(_) => ("Belum masuk", "Not signed in"),
            Self::Forbidden(_) => ("Akses ditolak", "Forbidden"),
            Self::NotFound(_) => ("Tidak ditemukan", "Not found"),
            Self::Conflict { .. } => ("Konflik keadaan", "Conflict"),
            Self::PreconditionFailed => ("Versi sudah berubah", "Precondition failed"),
            Self::Validation(_) => ("Data tidak valid", "Validation failed"),
            Self::TooLarge(_) => ("Muatan terlalu besar", "Payload too large"),
            Self::QuotaExceeded { .. } => ("Kuota penyimpanan habis", "Storage quota exceeded"),
            Self::UnsupportedMedia(_) => ("Jenis media tidak didukung", "Unsupported media type"),
            Self::RateLimited { .. } => ("Terlalu banyak percobaan", "Too many requests"),
            Self::Unavailable(_) => ("Layanan belum siap", "Service unavailable"),
            Self::Internal(_) => ("Kesalahan server", "Internal server error"),
        };
        Msg::new(id, en)
    }

    fn detail(&self) -> Msg {
        match self {
            Self::BadRequest { detail, .. }
            | Self::Unauthenticated(detail)
            | Self::Forbidden(detail)
            | Self::NotFound(detail)
            | Self::Conflict { detail, .. }
            | Self::TooLarge(detail)
            | Self::QuotaExceeded { detail, .. }
            | Self::UnsupportedMedia(detail)
            | Self::Unavailable(detail) => detail.clone(),
            Self::PreconditionFailed => Msg::new(
                "Sumber daya telah diubah orang lain; muat ulang lalu coba lagi.",
                "The resource was changed by someone else; reload it and try again.",
            ),
            Self::Validation(errors) => Msg::new(
                format!("{} isian tidak valid.", errors.0.len()),
                format!("{} field(s) are invalid.", errors.0.len()),
            ),
            Self::RateLimited { retry_after_secs } => Msg::new(
                format!("Coba lagi dalam {retry_after_secs} detik."),
                format!("Try again in {retry_after_secs} seconds."),
            ),
            Self::Internal(_) => Msg::new(
                "Terjadi kesalahan di server; kesalahan ini sudah dicatat.",
                "Something went wrong on the server; it has been logged.",
            ),
        }
    }

    fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            Self::BadRequest { errors, .. } | Self::Conflict { errors, .. } | Self::Validation(errors) => Some(errors),
            _ => None,
        }
    }

    /// The problem body in `lang`.
    pub fn problem(&self, lang: Lang) -> Problem {
        let code = self.code();
        Problem {
            type_: format!("urn:latih:problem:{code}"),
            title: self.title().pick(lang).to_owned(),
            status: self.status().as_u16(),
            detail: self.detail().pick(lang).to_owned(),
            code: code.to_owned(),
            errors: self
                .field_errors()
                .map(|errors| {
                    errors
                        .0
                        .iter()
                        .map(|e| ProblemField {
                            field: e.field.clone(),
                            code: e.code.to_string(),
                            message: e.message.pick(lang).to_owned(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            remaining_bytes: match self {
                Self::QuotaExceeded { remaining_bytes, .. } => Some(*remaining_bytes),
                _ => None,
            },
        }
    }

    /// The full response in `lang`, headers included.
    pub fn render(&self, lang: Lang) -> HttpResponse {
        let mut response = HttpResponse::build(self.status());
        response.content_type(PROBLEM_JSON);
        match self {
            Self::Unauthenticated(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::RateLimited { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            _ => {}
        }
        let body = serde_json::to_vec(&self.problem(lang)).unwrap_or_default();
        response.body(body)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        self.render(Lang::Id)
    }
}

/// Middleware: re-renders problems in English when asked, logs internal errors once, and turns
/// the error responses actix and other middleware make on their own into problem+json.
pub async fn localize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = Lang::from_request(req.request());
    // Inner services turn their errors into responses (with the error attached); an `Err` that
    // still arrives here is rendered by actix from the error's own `error_response`.
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(error) = res.response().error() else {
        return Ok(res);
    };
    let rerendered = match error.as_error::<ApiError>() {
        Some(api_error) => {
            if let ApiError::Internal(cause) = api_error {
                tracing::error!(error = format!("{cause:#}"), "internal error");
            }
            (lang != Lang::Id).then(|| api_error.render(lang))
        }
        None => {
            let is_problem =
                res.headers().get(header::CONTENT_TYPE).is_some_and(|ct| ct == HeaderValue::from_static(PROBLEM_JSON));
            (!is_problem).then(|| foreign_error(res.status(), &error.to_string()).render(lang))
        }
    };
    Ok(match rerendered {
        Some(response) => res.into_response(response.map_into_boxed_body()),
        None => res,
    })
}

/// An error actix raised on its own, mapped onto our vocabulary by status.
fn foreign_error(status: StatusCode, cause: &str) -> ApiError {
    match status {
        StatusCode::NOT_FOUND => ApiError::not_found(),
        StatusCode::PAYLOAD_TOO_LARGE => crate::extract::too_large(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => crate::extract::not_json(),
        s if s.is_client_error() => {
            ApiError::bad_request(Msg::new("Permintaan tidak dapat diproses.", "The request could not be processed."))
        }
        _ => ApiError::Internal(anyhow::anyhow!("{cause}")),
    }
}
