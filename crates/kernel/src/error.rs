//! The one error type every handler returns. It renders as problem+json (see `problem`), with a
//! stable `code` for machines and an Indonesian and English message for people.

use std::borrow::Cow;

use sea_orm::{DbErr, SqlErr};

/// A message in both languages the API speaks; the response picks one by `Accept-Language`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub id: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Msg {
    pub fn new(id: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self { id: id.into(), en: en.into() }
    }

    pub fn pick(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Id => &self.id,
            crate::Lang::En => &self.en,
        }
    }
}

/// One invalid field: `field` is a path into the request (`items[2].level`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: Cow<'static, str>,
    pub message: Msg,
}

/// Field errors collected while validating a request, so the client sees all of them at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one invalid field.
    pub fn add(&mut self, field: impl Into<String>, code: impl Into<Cow<'static, str>>, message: Msg) {
        self.0.push(FieldError { field: field.into(), code: code.into(), message });
    }

    /// Records the error of a validating constructor under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(mut error) => {
                error.field = field.to_owned();
                self.0.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was recorded, else a 422.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::Validation(self)) }
    }
}

impl FieldError {
    /// A field error whose field is filled in later by `FieldErrors::check`.
    pub fn new(code: impl Into<Cow<'static, str>>, message: Msg) -> Self {
        Self { field: String::new(), code: code.into(), message }
    }
}

/// Every way a request can fail, each with its HTTP status (see `problem::status_of`).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request")]
    BadRequest { detail: Msg, errors: FieldErrors },
    #[error("unauthenticated")]
    Unauthenticated(Msg),
    #[error("forbidden")]
    Forbidden(Msg),
    #[error("not found")]
    NotFound(Msg),
    #[error("conflict: {code}")]
    Conflict { code: &'static str, detail: Msg, errors: FieldErrors },
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("payload too large")]
    TooLarge(Msg),
    /// A 413 `quota_exceeded`: storing this would pass a storage quota; says what is left.
    #[error("quota exceeded")]
    QuotaExceeded { detail: Msg, remaining_bytes: u64 },
    #[error("unsupported media type")]
    UnsupportedMedia(Msg),
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable(Msg),
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn not_found() -> Self {
        Self::NotFound(Msg::new(
            "Sumber daya tidak ada atau tidak dapat Anda lihat.",
            "The resource does not exist or is not visible to you.",
        ))
    }

    pub fn forbidden() -> Self {
        Self::Forbidden(Msg::new("Peran Anda tidak mengizinkan tindakan ini.", "Your role does not allow this action."))
    }

    pub fn unauthenticated() -> Self {
        Self::Unauthenticated(Msg::new("Diperlukan token akses yang sah.", "A valid access token is required."))
    }

    pub fn conflict(code: &'static str, detail: Msg) -> Self {
        Self::Conflict { code, detail, errors: FieldErrors::new() }
    }

    /// A 409 for a value that must be unique and is already used, naming the field.
    pub fn taken(field: &str) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, "taken", Msg::new("Sudah dipakai.", "Already in use."));
        Self::Conflict {
            code: "already_exists",
            detail: Msg::new(format!("Nilai {field} sudah dipakai."), format!("The {field} is already in use.")),
            errors,
        }
    }

    pub fn bad_request(detail: Msg) -> Self {
        Self::BadRequest { detail, errors: FieldErrors::new() }
    }

    /// A 422 for a single field.
    pub fn invalid(field: &str, code: &'static str, message: Msg) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, code, message);
        Self::Validation(errors)
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::conflict("conflict", Msg::new("Data yang sama sudah ada.", "The same record already exists."))
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Self::conflict(
                "conflict",
                Msg::new(
                    "Data masih dirujuk atau rujukannya tidak ada.",
                    "The record is still referenced, or what it refers to does not exist.",
                ),
            ),
            _ => match error {
                DbErr::RecordNotFound(_) => Self::not_found(),
                other => Self::Internal(other.into()),
            },
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        Self::Internal(error)
    }
}
