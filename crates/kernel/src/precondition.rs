//! Optimistic concurrency for resources edited by several people: a `version` number, sent as a
//! strong `ETag` (`"7"`), and checked against `If-Match` on writes (412 when stale).

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{FromRequest, HttpRequest};

use crate::error::{ApiError, ApiResult};

/// The `ETag` of a resource at `version`.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The `If-Match` header of a request, if any.
#[derive(Clone, Debug, Default)]
pub struct IfMatch(Option<String>);

impl IfMatch {
    /// Ok when no `If-Match` was sent, when it is `*`, or when one of its tags is `version`.
    /// Weak tags (`W/"3"`) never match: `If-Match` compares strongly (RFC 9110).
    pub fn check(&self, version: i32) -> ApiResult<()> {
        let Some(value) = &self.0 else { return Ok(()) };
        let current = etag(version);
        let matches = value.split(',').map(str::trim).any(|tag| tag == "*" || tag == current);
        if matches { Ok(()) } else { Err(ApiError::PreconditionFailed) }
    }

    pub fn is_present(&self) -> bool {
        self.0.is_some()
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let value = req.headers().get(header::IF_MATCH).map(|v| v.to_str().unwrap_or("\"\"").to_owned());
        ready(Ok(IfMatch(value)))
    }
}

/// The header value for `etag(version)`.
pub fn etag_header(version: i32) -> (header::HeaderName, HeaderValue) {
    let value = HeaderValue::from_str(&etag(version)).unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    (header::ETAG, value)
}

#[cfg(test)]
mod tests {
    use super::IfMatch;

    #[test]
    fn if_match_accepts_the_current_version_only() {
        assert!(IfMatch(None).check(3).is_ok());
        assert!(IfMatch(Some("\"3\"".into())).check(3).is_ok());
        assert!(IfMatch(Some("\"3\", \"4\"".into())).check(4).is_ok());
        assert!(IfMatch(Some("W/\"4\"".into())).check(4).is_err());
        assert!(IfMatch(Some("*".into())).check(9).is_ok());
        assert!(IfMatch(Some("\"2\"".into())).check(3).is_err());
    }
}
