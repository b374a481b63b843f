//! Positions of an organization and the competency levels each requires. The position row is
//! identity's; the requirements are ours; both are written in one transaction.

use std::collections::HashMap;

use latih_identity::entity::{organization, position};
use latih_identity::model::required_text;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Page};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{CompetencyLevel, CreatePosition, PositionDto};
use crate::entity::position_requirement;
use crate::model::Tier;
use crate::service::competencies::check_items;

fn to_dto(m: position::Model, requirements: Vec<CompetencyLevel>) -> ApiResult<PositionDto> {
    let tier = serde_json::from_value::<Tier>(serde_json::Value::String(m.tier)).map_err(ApiError::internal)?;
    Ok(PositionDto {
        id: m.id,
        organization_id: m.organization_id,
        name: m.name,
        tier,
        requirements,
        created_at: m.created_at,
    })
}

/// 404 unless the organization exists and the caller administers it.
async fn administered(db: &DatabaseConnection, actor: &AuthUser, organization_id: Uuid) -> ApiResult<()> {
    if !actor.administers(organization_id) {
        return Err(if actor.belongs_to(organization_id) { ApiError::forbidden() } else { ApiError::not_found() });
    }
    organization::Entity::find_by_id(organization_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    Ok(())
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    organization_id: Uuid,
    input: CreatePosition,
) -> ApiResult<PositionDto> {
    administered(db, actor, organization_id).await?;
    let mut errors = FieldErrors::new();
    let name = errors.check("name", required_text(&input.name, 200));
    check_items(db, Some(organization_id), "requirements", &input.requirements, &mut errors).await?;
    errors.finish()?;
    let name = name.ok_or_else(|| ApiError::internal(anyhow::anyhow!("validated name missing")))?;
    let txn = db.begin().await?;
    let saved = position::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(organization_id),
        name: Set(name),
        tier: Set(input.tier.as_str().to_owned()),
        created_at: Set(clock.now()),
    }
    .insert(&txn)
    .await?;
    if !input.requirements.is_empty() {
        let rows = input.requirements.iter().map(|r| position_requirement::ActiveModel {
            position_id: Set(saved.id),
            competency_id: Set(r.competency_id),
            level: Set(r.level),
        });
        position_requirement::Entity::insert_many(rows).exec(&txn).await?;
    }
    txn.commit().await?;
    to_dto(saved, input.requirements)
}

/// The organization's positions by name, with their requirements (two queries a page). Its
/// members may read them: they say what each position asks of its holder.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    organization_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<PositionDto>> {
    if !actor.belongs_to(organization_id) && !actor.administers(organization_id) {
        return Err(ApiError::not_found());
    }
    let limit = page.limit()?;
    let mut query = position::Entity::find().filter(position::Column::OrganizationId.eq(organization_id));
    if let Some((name, id)) = page.after::<(String, Uuid)>()? {
        query = query.filter(
            Condition::any()
                .add(position::Column::Name.gt(name.clone()))
                .add(Condition::all().add(position::Column::Name.eq(name)).add(position::Column::Id.gt(id))),
        );
    }
    let rows =
        query.order_by_asc(position::Column::Name).order_by_asc(position::Column::Id).limit(limit + 1).all(db).await?;
    let (positions, next_cursor) = take_page(rows, limit, |p| (p.name.clone(), p.id));
    let mut requirements: HashMap<Uuid, Vec<CompetencyLevel>> = HashMap::new();
    for r in position_requirement::Entity::find()
        .filter(position_requirement::Column::PositionId.is_in(positions.iter().map(|p| p.id)))
        .all(db)
        .await?
    {
        requirements
            .entry(r.position_id)
            .or_default()
            .push(CompetencyLevel { competency_id: r.competency_id, level: r.level });
    }
    let items = positions
        .into_iter()
        .map(|p| {
            let items = requirements.remove(&p.id).unwrap_or_default();
            to_dto(p, items)
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Page { items, next_cursor })
}
