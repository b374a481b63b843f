//! Units (unit kerja): a tree inside one organization.

use latih_kernel::ids::new_id;
use latih_kernel::pagination::PageQuery;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::dto::{CreateUnit, UnitDto};
use crate::entity::unit;
use crate::model::{OrgCode, required_text};
use crate::service::organizations;

pub async fn create(
    db: &impl ConnectionTrait,
    clock: &Clock,
    actor: &AuthUser,
    organization_id: Uuid,
    input: CreateUnit,
) -> ApiResult<UnitDto> {
    organizations::administered(db, actor, organization_id).await?;
    let mut errors = FieldErrors::new();
    let name = errors.check("name", required_text(&input.name, 200));
    let code = input.code.as_deref().and_then(|c| errors.check("code", OrgCode::parse(c)));
    if let Some(parent_id) = input.parent_id {
        let parent = unit::Entity::find_by_id(parent_id).one(db).await?;
        if parent.is_none_or(|p| p.organization_id != organization_id) {
            errors.add(
                "parent_id",
                "not_in_organization",
                Msg::new("Unit induk tidak ada di organisasi ini.", "The parent unit is not in this organization."),
            );
        }
    }
    errors.finish()?;
    let name = name.ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated name missing")))?;
    let code = code.map(|c| c.into_inner());
    if let Some(code) = &code {
        let taken = unit::Entity::find()
            .filter(unit::Column::OrganizationId.eq(organization_id))
            .filter(unit::Column::Code.eq(code))
            .one(db)
            .await?;
        if taken.is_some() {
            return Err(ApiError::taken("code"));
        }
    }
    let model = unit::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(organization_id),
        parent_id: Set(input.parent_id),
        name: Set(name),
        code: Set(code),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?;
    Ok(model.into())
}

/// Units of an organization in creation order (parents before their children).
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    organization_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<UnitDto>> {
    organizations::visible(db, actor, organization_id).await?;
    let limit = page.limit()?;
    let mut query = unit::Entity::find().filter(unit::Column::OrganizationId.eq(organization_id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(unit::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(unit::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| r.id, UnitDto::from))
}
