//! `/me`: the signed-in person.

use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiResult, AuthUser, Json};
use sea_orm::DatabaseConnection;

use crate::dto::{ChangePassword, UserDto};
use crate::service::auth::AuthServices;
use crate::service::users;

/// The signed-in person.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller", body = UserDto))
)]
#[get("/me")]
pub async fn get_me(db: web::Data<DatabaseConnection>, actor: AuthUser) -> ApiResult<web::Json<UserDto>> {
    users::me(&**db, &actor).await.map(web::Json)
}

/// Change one's own password; every other session of the caller is signed out.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = ChangePassword,
    responses(
        (status = 204, description = "Password changed"),
        (status = 422, description = "Current password wrong or new password too weak"),
    )
)]
#[post("/me/password")]
pub async fn change_my_password(
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    actor: AuthUser,
    body: Json<ChangePassword>,
) -> ApiResult<HttpResponse> {
    users::change_password(&**db, &services.clock, &services.passwords, &actor, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
