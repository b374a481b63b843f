//! `/users` and `/users/{id}`.

use actix_web::{HttpResponse, get, patch, post, web};
use latih_kernel::{ApiResult, AuthUser, Json, Page, PageQuery, Query};
use sea_orm::{DatabaseConnection, TransactionTrait};
use uuid::Uuid;

use crate::dto::{CreateUser, UpdateUser, UserDto, UserFilter};
use crate::service::auth::AuthServices;
use crate::service::users;

/// Create a person (org admins in their own organization, platform admins anywhere).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created", body = UserDto),
        (status = 403, description = "Not an admin, or granting platform_admin without being one"),
        (status = 404, description = "Another organization"),
        (status = 409, description = "E-mail or NIP taken"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/users")]
pub async fn create_user(
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    actor: AuthUser,
    body: Json<CreateUser>,
) -> ApiResult<HttpResponse> {
    let user = users::create(&**db, &services.clock, &services.passwords, &actor, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(user))
}

/// People by name, filtered; org admins see only their own organization.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserFilter, PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<UserDto>),
        (status = 400, description = "Malformed filter or cursor"),
        (status = 403, description = "Not an admin"),
        (status = 404, description = "Another organization"),
        (status = 422, description = "limit out of range"),
    )
)]
#[get("/users")]
pub async fn list_users(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    filter: Query<UserFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<UserDto>>> {
    users::list(&**db, &actor, &filter.0, &page.0).await.map(web::Json)
}

/// A person: oneself, or someone of an organization the caller administers.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The person", body = UserDto),
        (status = 404, description = "Absent, or not visible to the caller"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserDto>> {
    users::get(&**db, &actor, *id).await.map(web::Json)
}

/// Change a person. Deactivating someone or setting their password signs them out everywhere;
/// a change of roles or organization voids their access tokens (they refresh for new ones).
/// Only someone who could grant every role the person holds edits them (an org admin never
/// edits a platform admin), and nobody changes their own roles, active flag, e-mail or password.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "Updated", body = UserDto),
        (status = 403, description = "Editing oneself without being an admin, one's own roles, active flag, e-mail or password, someone holding a role the caller cannot grant, or granting such a role"),
        (status = 404, description = "Absent, or another organization"),
        (status = 409, description = "E-mail or NIP taken"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateUser>,
) -> ApiResult<web::Json<UserDto>> {
    let txn = db.begin().await?;
    let user = users::update(&txn, &services.clock, &services.passwords, &actor, *id, body.into_inner()).await?;
    txn.commit().await?;
    Ok(web::Json(user))
}
