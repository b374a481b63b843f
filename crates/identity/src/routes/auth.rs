//! `/auth/login`, `/auth/refresh`, `/auth/logout`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use latih_kernel::{ApiResult, Json};
use sea_orm::DatabaseConnection;

use crate::dto::{LoginRequest, RefreshRequest, TokenPair};
use crate::service::auth::{self, AuthServices};

fn client_address(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    let forwarded =
        trust_forwarded_for.then(|| req.connection_info().realip_remote_addr().map(str::to_owned)).flatten();
    forwarded.or_else(|| req.peer_addr().map(|addr| addr.ip().to_string())).unwrap_or_else(|| "unknown".to_owned())
}

/// Sign in with an e-mail or NIP and a password.
///
/// Failed attempts are limited per account and per client address; past the limit the answer
/// is 429 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Wrong login or password"),
        (status = 422, description = "Missing or invalid fields"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    body: Json<LoginRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let body = body.into_inner();
    let address = client_address(&req, services.settings.trust_forwarded_for);
    auth::login(&db, &services, &body.login, body.password, &address).await.map(web::Json)
}

/// Exchange a refresh token for a new pair. Each refresh token works once; presenting a used
/// one revokes every token of its sign-in.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair", body = TokenPair),
        (status = 401, description = "Token unknown, used, expired or revoked"),
        (status = 422, description = "Missing field"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    body: Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    auth::refresh(&db, &services, &body.into_inner().refresh_token).await.map(web::Json)
}

/// Sign out: the refresh token and every token rotated from the same sign-in stop working.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 422, description = "Missing field"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    body: Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    auth::logout(&db, &services, &body.into_inner().refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}
