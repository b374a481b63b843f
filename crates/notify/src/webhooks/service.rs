//! The webhook rules: who manages an organization's webhooks, what a valid one is, and the
//! delivery history with each pending delivery's next try read from the queue.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use latih_identity::entity::organization;
use latih_jobs::JobStatus;
use latih_jobs::entity::job;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::take_page;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Page, PageQuery};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use uuid::Uuid;

use super::dto::{DeliveryDto, DeliveryFilter, NewWebhookDto, WebhookDto, WebhookPatchDto};
use super::entity::{delivery, webhook};
use super::model::{WebhookPolicy, check_secret, parse_events, parse_url};

/// Org admins of `organization_id` and platform admins manage its webhooks; others of the
/// organization are refused (403), everyone else does not see it (404).
fn authorize(actor: &AuthUser, organization_id: Uuid) -> ApiResult<()> {
    if actor.administers(organization_id) {
        Ok(())
    } else if actor.belongs_to(organization_id) {
        Err(ApiError::forbidden())
    } else {
        Err(ApiError::not_found())
    }
}

/// The organization, if the caller may manage its webhooks.
async fn managed_organization(db: &impl ConnectionTrait, actor: &AuthUser, organization_id: Uuid) -> ApiResult<()> {
    authorize(actor, organization_id)?;
    organization::Entity::find_by_id(organization_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    Ok(())
}

/// The webhook, if the caller may manage it.
pub async fn find(db: &impl ConnectionTrait, actor: &AuthUser, id: Uuid) -> ApiResult<webhook::Model> {
    let hook = webhook::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    authorize(actor, hook.organization_id)?;
    Ok(hook)
}

#[tracing::instrument(skip_all, fields(organization.id = %organization_id))]
pub async fn create(
    db: &impl ConnectionTrait,
    clock: &Clock,
    actor: &AuthUser,
    policy: WebhookPolicy,
    organization_id: Uuid,
    input: NewWebhookDto,
) -> ApiResult<WebhookDto> {
    managed_organization(db, actor, organization_id).await?;
    let mut errors = FieldErrors::new();
    let url = parse_url(&input.url, policy, &mut errors);
    let events = parse_events(&input.events, &mut errors);
    check_secret(&input.secret, &mut errors);
    errors.finish()?;
    let (Some(url), Some(events)) = (url, events) else {
        return Err(ApiError::internal(anyhow::anyhow!("validated webhook fields are missing")));
    };
    let now = clock.now();
    let row = webhook::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(organization_id),
        url: Set(url.to_string()),
        events: Set(serde_json::json!(events)),
        secret: Set(input.secret),
        active: Set(input.active.unwrap_or(true)),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

pub async fn list(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    organization_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<WebhookDto>> {
    let limit = page.limit()?;
    managed_organization(db, actor, organization_id).await?;
    let mut query = webhook::Entity::find().filter(webhook::Column::OrganizationId.eq(organization_id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(webhook::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(webhook::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |row| row.id, WebhookDto::from))
}

#[tracing::instrument(skip_all, fields(webhook.id = %id))]
pub async fn update(
    db: &impl ConnectionTrait,
    clock: &Clock,
    actor: &AuthUser,
    policy: WebhookPolicy,
    id: Uuid,
    patch: WebhookPatchDto,
) -> ApiResult<WebhookDto> {
    let hook = find(db, actor, id).await?;
    let mut errors = FieldErrors::new();
    let url = patch.url.as_deref().map(|raw| parse_url(raw, policy, &mut errors));
    let events = patch.events.as_deref().map(|names| parse_events(names, &mut errors));
    if let Some(secret) = &patch.secret {
        check_secret(secret, &mut errors);
    }
    errors.finish()?;
    let mut row = hook.into_active_model();
    if let Some(Some(url)) = url {
        row.url = Set(url.to_string());
    }
    if let Some(Some(events)) = events {
        row.events = Set(serde_json::json!(events));
    }
    if let Some(secret) = patch.secret {
        row.secret = Set(secret);
    }
    if let Some(active) = patch.active {
        row.active = Set(active);
    }
    row.updated_at = Set(clock.now());
    Ok(row.update(db).await?.into())
}

/// Removes the webhook and its delivery history; queued tries then find nothing to send.
#[tracing::instrument(skip_all, fields(webhook.id = %id))]
pub async fn delete(db: &impl ConnectionTrait, actor: &AuthUser, id: Uuid) -> ApiResult<()> {
    let hook = find(db, actor, id).await?;
    delivery::Entity::delete_many().filter(delivery::Column::WebhookId.eq(hook.id)).exec(db).await?;
    webhook::Entity::delete_by_id(hook.id).exec(db).await?;
    Ok(())
}

/// The webhook's deliveries, newest first, in two statements: the page, and its jobs.
pub async fn deliveries(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: Uuid,
    page: &PageQuery,
    filter: &DeliveryFilter,
) -> ApiResult<Page<DeliveryDto>> {
    let limit = page.limit()?;
    let after = page.after::<Uuid>()?;
    let hook = find(db, actor, id).await?;
    let mut query = delivery::Entity::find().filter(delivery::Column::WebhookId.eq(hook.id));
    if let Some(status) = filter.status {
        query = query.filter(delivery::Column::Status.eq(status));
    }
    if let Some(after) = after {
        query = query.filter(delivery::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(delivery::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |row| row.id);
    let job_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.job_id).collect();
    let jobs: HashMap<Uuid, (JobStatus, DateTime<Utc>)> = if job_ids.is_empty() {
        HashMap::new()
    } else {
        job::Entity::find()
            .filter(job::Column::Id.is_in(job_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|job| (job.id, (job.status, job.run_at)))
            .collect()
    };
    let items = rows
        .into_iter()
        .map(|row| {
            let job = row.job_id.and_then(|id| jobs.get(&id)).copied();
            let next = job.filter(|(status, _)| matches!(status, JobStatus::Queued | JobStatus::Failed)).map(|j| j.1);
            let dead = job.is_some_and(|(status, _)| status == JobStatus::Dead);
            DeliveryDto::new(row, next, dead)
        })
        .collect();
    Ok(Page { items, next_cursor })
}
