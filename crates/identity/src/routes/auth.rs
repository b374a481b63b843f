//! `/auth/login`, `/auth/refresh`, `/auth/logout`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use latih_kernel::{ApiResult, Json};
use sea_orm::DatabaseConnection;

use crate::dto::{LoginRequest, RefreshRequest, TokenPair};
use crate::service::auth::{self, AuthServices};

/// Sign in with an e-mail or NIP and a password.
///
/// Failed attempts are limited per account from one client address (locked after 5 within 15
/// minutes), per client address (30), and per account from everywhere (slowed to one attempt
/// every few seconds, never locked, so the owner elsewhere still gets in); past a limit the
/// answer is 429 `rate_limited` with `Retry-After`.
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
    let address = services.settings.trusted_proxies.client_address(&req);
    auth::login(&db, &services, &body.login, body.password, &address).await.map(web::Json)
}

/// Exchange a refresh token for a new pair. Each refresh token works once; presenting a used
/// one revokes every token of its sign-in, and a sign-in ends `LATIH_SESSION_MAX_DAYS` after
/// it began however often it was refreshed. Unknown tokens are throttled per client address.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair", body = TokenPair),
        (status = 401, description = "Token unknown, used, expired or revoked, or its sign-in too old"),
        (status = 422, description = "Missing field"),
        (status = 429, description = "Too many unknown tokens from this address; see `Retry-After`"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    body: Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let address = services.settings.trusted_proxies.client_address(&req);
    auth::refresh(&db, &services, &body.into_inner().refresh_token, &address).await.map(web::Json)
}

/// Sign out: the refresh token and every token rotated from the same sign-in stop working, and
/// so, within seconds (`LATIH_AUTH_CACHE_SECS`), do its access tokens.
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
