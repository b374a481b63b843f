//! Organizations: created by platform admins, visible to their members.

use latih_kernel::ids::new_id;
use latih_kernel::pagination::PageQuery;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Page, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::dto::{CreateOrganization, OrganizationDto, UpdateOrganization};
use crate::entity::organization;
use crate::model::{OrgCode, TimeZone, required_text};

pub async fn create(
    db: &impl ConnectionTrait,
    clock: &Clock,
    actor: &AuthUser,
    input: CreateOrganization,
) -> ApiResult<OrganizationDto> {
    actor.require_any(&[Role::PlatformAdmin])?;
    let mut errors = FieldErrors::new();
    let name = errors.check("name", required_text(&input.name, 200));
    let code = errors.check("code", OrgCode::parse(&input.code));
    let timezone = errors.check("timezone", TimeZone::parse(&input.timezone));
    errors.finish()?;
    let (Some(name), Some(code), Some(timezone)) = (name, code, timezone) else {
        return Err(ApiError::internal(anyhow::anyhow!("validated fields missing")));
    };
    let code = code.into_inner();
    if organization::Entity::find().filter(organization::Column::Code.eq(&code)).one(db).await?.is_some() {
        return Err(ApiError::taken("code"));
    }
    let model = organization::ActiveModel {
        id: Set(new_id()),
        name: Set(name),
        code: Set(code),
        timezone: Set(timezone.name().to_owned()),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?;
    Ok(model.into())
}

/// The organization if the caller may see it (its members and platform admins), else 404.
pub async fn visible(db: &impl ConnectionTrait, actor: &AuthUser, id: Uuid) -> ApiResult<organization::Model> {
    if !actor.is_platform_admin() && !actor.belongs_to(id) {
        return Err(ApiError::not_found());
    }
    organization::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)
}

/// The organization if the caller administers it; members who do not are refused with 403.
pub async fn administered(db: &impl ConnectionTrait, actor: &AuthUser, id: Uuid) -> ApiResult<organization::Model> {
    let org = visible(db, actor, id).await?;
    if actor.administers(id) { Ok(org) } else { Err(ApiError::forbidden()) }
}

pub async fn update(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    id: Uuid,
    input: UpdateOrganization,
) -> ApiResult<OrganizationDto> {
    let org = administered(db, actor, id).await?;
    let mut errors = FieldErrors::new();
    let name = input.name.as_deref().and_then(|n| errors.check("name", required_text(n, 200)));
    let timezone = input.timezone.as_deref().and_then(|t| errors.check("timezone", TimeZone::parse(t)));
    errors.finish()?;
    let mut active = org.into_active_model();
    if let Some(name) = name {
        active.name = Set(name);
    }
    if let Some(timezone) = timezone {
        active.timezone = Set(timezone.name().to_owned());
    }
    Ok(active.update(db).await?.into())
}

/// All organizations by code, for platform admins; others see only their own.
pub async fn list(db: &impl ConnectionTrait, actor: &AuthUser, page: &PageQuery) -> ApiResult<Page<OrganizationDto>> {
    let limit = page.limit()?;
    let mut query = organization::Entity::find();
    if !actor.is_platform_admin() {
        query = query.filter(organization::Column::Id.is_in(actor.organization_id));
    }
    if let Some(after) = page.after::<String>()? {
        query = query.filter(Condition::all().add(organization::Column::Code.gt(after)));
    }
    let rows = query.order_by_asc(organization::Column::Code).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| r.code.clone(), OrganizationDto::from))
}
