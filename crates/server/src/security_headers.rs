//! Headers every answer carries: `nosniff`, no referrer (signed URLs sit in query strings), a
//! content security policy (a locked-down one for API answers, one that lets the docs page run
//! its own scripts and styles), `Cache-Control: no-store` on tokens and personal answers, and
//! HSTS when the server is reached over https.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

/// What the headers depend on, fixed at startup.
#[derive(Clone, Copy, Debug, Default)]
pub struct HeaderPolicy {
    /// Send `Strict-Transport-Security`: the public URL is https.
    pub hsts: bool,
}

/// API answers are data, never pages: nothing loads, nothing frames them.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The docs page runs only the server's own scripts; Swagger UI sets inline styles and uses
/// `data:` images; "try it out" calls this same origin.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
    form-action 'none'";

const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Answers that carry tokens or a person's own data: never kept by a browser or a proxy.
fn personal(path: &str) -> bool {
    path.starts_with("/api/v1/auth/") || path == "/api/v1/me" || path.starts_with("/api/v1/me/")
}

fn set_if_absent(headers: &mut HeaderMap, name: header::HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Middleware: adds the security headers to every answer, errors included. A handler that set
/// its own `Content-Security-Policy`, `Referrer-Policy` or `Cache-Control` keeps it, except
/// that token and personal answers are always `no-store`.
pub async fn apply(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let authenticated = req.headers().contains_key(header::AUTHORIZATION);
    let policy = req.app_data::<web::Data<HeaderPolicy>>().map(|p| *p.get_ref()).unwrap_or_default();
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    set_if_absent(headers, header::REFERRER_POLICY, "no-referrer");
    if path == "/docs" || path.starts_with("/docs/") {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOCS_CSP));
    } else {
        set_if_absent(headers, header::CONTENT_SECURITY_POLICY, API_CSP);
    }
    if personal(&path) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if authenticated {
        set_if_absent(headers, header::CACHE_CONTROL, "no-store");
    }
    if policy.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    Ok(res)
}
