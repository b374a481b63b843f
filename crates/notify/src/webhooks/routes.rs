//! `/organizations/{id}/webhooks`, `/webhooks/{id}` and `/webhooks/{id}/deliveries`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json, Page, PageQuery, Query};
use sea_orm::{DatabaseConnection, TransactionTrait};
use uuid::Uuid;

use super::dto::{DeliveryDto, DeliveryFilter, NewWebhookDto, WebhookDto, WebhookPatchDto};
use super::model::WebhookPolicy;
use super::service;

fn policy(policy: Option<web::Data<WebhookPolicy>>) -> WebhookPolicy {
    policy.map(|p| *p.into_inner()).unwrap_or_default()
}

/// Register a webhook: signed POSTs of the chosen events to `url` (org admins of the
/// organization, platform admins).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = NewWebhookDto,
    responses(
        (status = 201, description = "Registered; the secret is never shown again", body = WebhookDto),
        (status = 403, description = "A member of the organization, but not its admin"),
        (status = 404, description = "No such organization, or not the caller's"),
        (status = 422, description = "Invalid URL (`invalid_url`, `private_address`), unknown event (`unknown_event`), secret length"),
    )
)]
#[post("/organizations/{id}/webhooks")]
pub async fn create_webhook(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: Option<web::Data<WebhookPolicy>>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<NewWebhookDto>,
) -> ApiResult<HttpResponse> {
    let hook = service::create(&**db, &clock, &actor, policy(settings), *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(hook))
}

/// The organization's webhooks, oldest first.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), PageQuery),
    responses(
        (status = 200, description = "One page", body = Page<WebhookDto>),
        (status = 403, description = "A member of the organization, but not its admin"),
        (status = 404, description = "No such organization, or not the caller's"),
    )
)]
#[get("/organizations/{id}/webhooks")]
pub async fn list_webhooks(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    Query(page): Query<PageQuery>,
) -> ApiResult<web::Json<Page<WebhookDto>>> {
    service::list(&**db, &actor, *id, &page).await.map(web::Json)
}

/// One webhook.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The webhook", body = WebhookDto),
        (status = 403, description = "A member of the organization, but not its admin"),
        (status = 404, description = "No such webhook, or not the caller's organization's"),
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WebhookDto>> {
    service::find(&**db, &actor, *id).await.map(|hook| web::Json(hook.into()))
}

/// Change a webhook's URL, events or active flag, or rotate its secret.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    request_body = WebhookPatchDto,
    responses(
        (status = 200, description = "Changed", body = WebhookDto),
        (status = 403, description = "A member of the organization, but not its admin"),
        (status = 404, description = "No such webhook, or not the caller's organization's"),
        (status = 422, description = "Invalid URL, unknown event, secret length"),
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: Option<web::Data<WebhookPolicy>>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    body: Json<WebhookPatchDto>,
) -> ApiResult<web::Json<WebhookDto>> {
    service::update(&**db, &clock, &actor, policy(settings), *id, body.into_inner()).await.map(web::Json)
}

/// Remove a webhook with its delivery history; tries still queued send nothing.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "A member of the organization, but not its admin"),
        (status = 404, description = "No such webhook, or not the caller's organization's"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let txn = db.begin().await?;
    service::delete(&txn, &actor, *id).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The webhook's deliveries, newest first, with tries, the last answer and the next try.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id"), PageQuery, DeliveryFilter),
    responses(
        (status = 200, description = "One page", body = Page<DeliveryDto>),
        (status = 403, description = "A member of the organization, but not its admin"),
        (status = 404, description = "No such webhook, or not the caller's organization's"),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
    id: web::Path<Uuid>,
    Query(page): Query<PageQuery>,
    Query(filter): Query<DeliveryFilter>,
) -> ApiResult<web::Json<Page<DeliveryDto>>> {
    service::deliveries(&**db, &actor, *id, &page, &filter).await.map(web::Json)
}
