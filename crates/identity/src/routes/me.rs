//! `/me`: the signed-in person.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use latih_kernel::auth::CurrentSession;
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;

use crate::dto::{ChangePassword, UpdateMe, UserDto};
use crate::service::auth::AuthServices;
use crate::service::me;

/// The signed-in person.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller", body = UserDto))
)]
#[get("/me")]
pub async fn get_me(db: web::Data<DatabaseConnection>, actor: AuthUser) -> ApiResult<web::Json<UserDto>> {
    me::me(&**db, &actor).await.map(web::Json)
}

/// Change what a person may change about themselves: their `language` (`id` or `en`).
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = UpdateMe,
    responses(
        (status = 200, description = "The caller", body = UserDto),
        (status = 422, description = "Not a language Latih speaks"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<UpdateMe>,
) -> ApiResult<web::Json<UserDto>> {
    me::update(&db, &clock, &actor, body.into_inner()).await.map(web::Json)
}

/// Change one's own password; every other session of the caller is signed out (their access
/// tokens stop working within `LATIH_AUTH_CACHE_SECS`). Wrong current passwords are throttled
/// like sign-ins: per person and client address, per client address, and per person.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = ChangePassword,
    responses(
        (status = 204, description = "Password changed"),
        (status = 401, description = "No valid token"),
        (status = 422, description = "Current password wrong or new password too weak"),
        (status = 429, description = "Too many wrong current passwords; see `Retry-After`"),
    )
)]
#[post("/me/password")]
pub async fn change_my_password(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    actor: AuthUser,
    body: Json<ChangePassword>,
) -> ApiResult<HttpResponse> {
    let address = services.settings.trusted_proxies.client_address(&req);
    let session = CurrentSession::of(&req);
    me::change_password(&db, &services, &actor, session, &address, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
